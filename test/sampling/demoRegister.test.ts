import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEMO_DISTRICT, generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import { checkVietnamesePhone } from '../../src/phone/vietnamesePhone.js';
import { parseRegisterRow, recogniseColumns } from '../../src/sampling/registerRow.js';
import { minimumSample } from '../../src/sampling/tiers.js';

describe('the demo register', () => {
  it('is the same register for the same seed and another for another seed', () => {
    expect(generateDemoRegister({ seed: 'a', cases: 300 })).toEqual(generateDemoRegister({ seed: 'a', cases: 300 }));
    expect(generateDemoRegister({ seed: 'a', cases: 300 })).not.toEqual(generateDemoRegister({ seed: 'b', cases: 300 }));
  });

  it('spans every sample tier by default and scales to the number of cases asked for', () => {
    const register = generateDemoRegister({ seed: 'huế' });
    const perOffice = new Map<string, number>();
    for (const c of register) perOffice.set(c.officeName, (perOffice.get(c.officeName) ?? 0) + 1);
    expect(new Set([...perOffice.values()].map((n) => minimumSample(n) === n ? 'all' : minimumSample(n)))).toEqual(new Set(['all', 100, 200, 500]));
    expect([...perOffice.keys()]).toEqual(DEMO_DISTRICT.map((o) => o.name));
    expect(generateDemoRegister({ seed: 'huế', cases: 12_345 })).toHaveLength(12_345);
    expect(new Set(register.map((c) => c.caseCode)).size).toBe(register.length);
  });

  it('has people who came back for another procedure, organisations, and addresses in the office commune', () => {
    const register = generateDemoRegister({ seed: 'huế' });
    const phones = new Map<string, number>();
    for (const c of register) phones.set(c.phone!, (phones.get(c.phone!) ?? 0) + 1);
    expect([...phones.values()].filter((n) => n > 1).length).toBeGreaterThan(register.length / 50);
    expect(register.filter((c) => c.kind === 'organisation').length).toBeGreaterThan(register.length / 20);
    expect(register.filter((c) => c.officeName === 'UBND xã Hương Phong').every((c) => c.address!.endsWith('xã Hương Phong, thị xã Hương Trà'))).toBe(true);
  });

  it('writes a CSV that reads back row for row, with phone numbers spelled in the +84, 84, dotted and plain forms', () => {
    const register = generateDemoRegister({ seed: 'csv', cases: 200 });
    const [headers, ...lines] = parse(registerCsv(register), { bom: true }) as string[][];
    const { columns } = recogniseColumns(headers);
    expect(lines.map((cells, i) => parseRegisterRow(cells, columns, i + 2).value)).toEqual(register);
    const spelled = lines.map((cells) => cells[columns.phone!]);
    expect(spelled.some((p) => p.startsWith('+84 '))).toBe(true);
    expect(spelled.some((p) => /^84\d{9}$/.test(p))).toBe(true);
    expect(spelled.some((p) => /^0\d{3}\.\d{3}\.\d{3}$/.test(p))).toBe(true);
    expect(spelled.every((p) => checkVietnamesePhone(p).ok)).toBe(true);
  });
});
