import fs from 'node:fs';
import path from 'node:path';
import { isPhieuError, PhieuError } from '../errors/errorTable.js';
import { jsonSyntaxProblem } from '../errors/zodVietnamese.js';
import { openRegisterTable } from './registerFile.js';
import { foldHeader, type Cell } from '../sampling/registerRow.js';
import type { ElectronicMapping } from '../electronic/mapping.js';
import type { ExportRecord } from '../electronic/mapRecord.js';

/** Every column a mapping reads. */
function mappedColumns(mapping: ElectronicMapping): string[] {
  return [...new Set([...Object.values(mapping.fields).filter((c): c is string => !!c), ...mapping.answers.map((a) => a.column)])];
}

/**
 * Reads an export record by record: CSV (UTF-8/UTF-16, `,` `;` or tab) and XLSX through the register reader (title
 * rows above the header are skipped, rows stream), JSON as a list of objects whose columns are dotted paths. A column
 * the mapping names that the file lacks stops the import: the mapping does not fit this file.
 */
export async function* readExport(file: string, mapping: ElectronicMapping): AsyncGenerator<ExportRecord> {
  const name = path.basename(file);
  const columns = mappedColumns(mapping);
  const head = fs.readFileSync(file).subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('[') || head.startsWith('{')) {
    yield* readJson(file, name, mapping, columns);
    return;
  }
  try {
    yield* readTableRecords(file, columns);
  } catch (error) {
    // The register reader's hint about register columns does not apply here: name the mapping's columns instead.
    if (isPhieuError(error, 'tableNoHeader')) throw new PhieuError('exportNoHeader', { file: name, columns });
    throw error;
  }
}

/**
 * Reads a CSV or XLSX table record by record through the register reader. Each column is a header or a list of
 * alternative headers (the first the file has is read; `get` takes any of them). A column the file lacks stops the
 * reading before the first record.
 */
export async function* readTableRecords(file: string, columns: readonly (string | readonly string[])[]): AsyncGenerator<ExportRecord> {
  const table = await openRegisterTable(file, columns.flat());
  const folded = table.headers.map(foldHeader);
  const index = new Map<string, number>();
  const missing: string[] = [];
  for (const column of columns) {
    const alternatives = [column].flat();
    const i = alternatives
      .map((c) => {
        const exact = table.headers.indexOf(c.trim());
        return exact >= 0 ? exact : folded.indexOf(foldHeader(c));
      })
      .find((found) => found >= 0);
    if (i === undefined) missing.push(alternatives.join('" hoặc "'));
    else for (const c of alternatives) index.set(c, i);
  }
  if (missing.length) {
    await table.close();
    throw new PhieuError('tableMissingColumns', { file: path.basename(file), columns: missing, headerRow: table.headerRow });
  }
  for await (const { row, cells } of table.rows) yield { row, get: (column: string) => cells[index.get(column)!] };
}

function readJson(file: string, name: string, mapping: ElectronicMapping, columns: string[]): ExportRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PhieuError('exportBrokenJson', { file: name, reason: jsonSyntaxProblem(error) });
  }
  const list = mapping.records ? at(value, mapping.records) : value;
  if (!Array.isArray(list)) throw new PhieuError('exportNoRecordList', { file: name, at: mapping.records ?? '' });
  const missing = list.length ? columns.filter((c) => list.every((r) => at(r, c) === undefined)) : [];
  if (missing.length) throw new PhieuError('exportFieldsAbsent', { file: name, fields: missing });
  return list.map((record, i) => ({
    row: i + 1,
    get: (column: string): Cell => {
      const v = at(record, column);
      return v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
    },
  }));
}

function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const part of dotted.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
