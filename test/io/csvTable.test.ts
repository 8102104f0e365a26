import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tableCsv } from '../../src/io/csvTable.js';

const csvOf = (header: string[], rows: (string | number | null)[][], options?: Parameters<typeof tableCsv>[2]) => [...tableCsv(header, rows, options)].join('');

describe('CSV files for people', () => {
  it('start with the UTF-8 BOM and write fractions with a decimal comma, each number one field', () => {
    const share = 11 / 15;
    const csv = csvOf(['Cơ quan', 'Hợp lệ (n)', 'Tỷ lệ hài lòng'], [['Sở Tư pháp', 15, share], ['UBND phường Phú Hội', 8, 0.875]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows.map((r) => r.length)).toEqual([3, 3, 3]);
    expect(rows[1]).toEqual(['Sở Tư pháp', '15', String(share).replace('.', ',')]);
    expect(rows[2][2]).toBe('0,875');
    // No decimal point is left for a Vietnamese Excel to take for a thousands separator.
    expect(csv).not.toMatch(/\d\.\d/);
  });

  it('keeps a decimal point when the file is for a statistics package', () => {
    const csv = csvOf(['x'], [[0.875]], { decimal: 'point', bom: false });
    expect(csv).toBe('x\r\n0.875\r\n');
  });
});
