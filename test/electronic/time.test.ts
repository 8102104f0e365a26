import { describe, expect, it } from 'vitest';
import { parseSubmissionTime, vietnamTime } from '../../src/electronic/time.js';

describe('submission times', () => {
  it('reads day-first dates with or without a time as Vietnam time', () => {
    expect(parseSubmissionTime('05/03/2024 08:15')).toBe('2024-03-05T08:15:00');
    expect(parseSubmissionTime('5-3-2024 8:15:09')).toBe('2024-03-05T08:15:09');
    expect(parseSubmissionTime('05/03/2024')).toBe('2024-03-05T00:00:00');
  });

  it('turns ISO times with a zone into Vietnam time and keeps those without one', () => {
    expect(parseSubmissionTime('2024-03-09T02:30:00Z')).toBe('2024-03-09T09:30:00');
    expect(parseSubmissionTime('2024-03-31T20:00:00.123Z')).toBe('2024-04-01T03:00:00');
    expect(parseSubmissionTime('2024-03-04T08:05:12+07:00')).toBe('2024-03-04T08:05:12');
    expect(parseSubmissionTime('2024-03-04T08:05:12-0500')).toBe('2024-03-04T20:05:12');
    expect(parseSubmissionTime('2024-03-04 08:05')).toBe('2024-03-04T08:05:00');
  });

  it('reads Excel date cells and serial numbers as the wall-clock time they show', () => {
    expect(parseSubmissionTime(new Date(Date.UTC(2024, 2, 5, 8, 15)))).toBe('2024-03-05T08:15:00');
    expect(parseSubmissionTime(45356.34375)).toBe('2024-03-05T08:15:00');
  });

  it('refuses impossible dates and times, and text that is no time', () => {
    for (const bad of ['32/03/2024 08:00', '29/02/2023', '05/03/2024 24:10', 'hôm qua', '', '2024-13-01', 12]) expect(parseSubmissionTime(bad)).toBeNull();
    expect(parseSubmissionTime(null)).toBeNull();
  });

  it('writes a moment as Vietnam local time', () => {
    expect(vietnamTime(new Date('2024-12-31T18:30:00Z'))).toBe('2025-01-01T01:30:00');
  });
});
