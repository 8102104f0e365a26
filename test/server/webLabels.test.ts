import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/startServer.js';
import { useTempDir } from '../support/tempDir.js';
import { useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

describe('labels served to the browser', () => {
  it('gives the screens a Vietnamese name for every reason a field goes to a person, every page outcome, field status and scan source', async () => {
    server = await startServer(tempDir());
    const response = await fetch(`${server.url}/js/labels.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const labels = (await import(`data:text/javascript,${encodeURIComponent(await response.text())}`)) as Record<string, Record<string, string>>;
    // Every reason the mark, digit and text readers and double entry give (badDate once showed raw on the review screen).
    const reasons = ['marginalMark', 'multipleAnswers', 'tooManyAnswers', 'cancelledOnly', 'heavyMark', 'doubtfulDigit', 'crossedOut', 'badPhone', 'badDate', 'notInRegister', 'handwriting', 'lowConfidence', 'doubleEntryMismatch'];
    expect(Object.keys(labels.FIELD_REASON_LABELS).sort()).toEqual([...reasons].sort());
    expect(Object.keys(labels.PAGE_OUTCOME_LABELS).sort()).toEqual(['blank', 'duplicate', 'notOurForm', 'read', 'refused', 'unknownSerial', 'unreadable', 'wrongSurvey']);
    expect(Object.keys(labels.FIELD_STATUS_LABELS)).toEqual(['handedOut', 'returned', 'refused', 'unreachable']);
    expect(Object.keys(labels.SCAN_SOURCE_LABELS).sort()).toEqual(['cli', 'hotFolder', 'station', 'upload']);
    for (const table of Object.values(labels)) for (const text of Object.values(table)) expect(text).toMatch(VIETNAMESE);
  });
});
