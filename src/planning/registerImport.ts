import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PhieuError } from '../errors/errorTable.js';
import { openRegisterTable } from '../io/registerFile.js';
import { officeActiveTo, officeCodeOf, officeLevelOf } from '../sampling/offices.js';
import { parseRegisterRow, recogniseColumns, FIELD_LABELS, type ColumnMapping, type RegisterCase, type RowError } from '../sampling/registerRow.js';
import type { Db } from '../store/db.js';
import { registerFileSeen, stageRegisterRows, storeStagedRegister, type NewOffice, type StagedCase } from '../store/sampling.js';

export interface ImportReport {
  file: string;
  /** This very file was imported before and added nothing now. */
  alreadyImported: boolean;
  rowsRead: number;
  kept: number;
  /** Case codes already in the register from an earlier import (kept as they were). */
  alreadyKnown: number;
  /** Good rows whose result was returned outside the period asked for (or with no return date). */
  outsidePeriod: number;
  bad: RowError[];
  /** Rows without errors; stored only when the file had no bad rows or a partial import was accepted. */
  goodRows: number;
  /** False when the file had bad rows and a partial import was not accepted: nothing of it was stored. */
  stored: boolean;
  offices: number;
  /** Offices the register named that the office tree did not have: added with the level their name suggests. */
  newOffices: (NewOffice & { note: string })[];
}

/** What a person reads beside a new office's name: its level, and the day it stopped for a former district's. */
const officeNote = (o: NewOffice) => `${o.level ?? 'chưa xếp cấp'}${o.activeTo ? `, ngừng hoạt động sau ${o.activeTo}` : ''}`;

export interface ImportOptions {
  actor: string;
  mapping?: ColumnMapping;
  /** Keep only cases whose result was returned in this period (ISO dates, inclusive). */
  periodFrom?: string;
  periodTo?: string;
  /** Store the good rows of a file that has bad rows (the planner saw the errors and chose to go on). */
  acceptPartial?: boolean;
  onProgress?: (progress: { rows: number; bytes: number; totalBytes: number }) => void;
}

const PROGRESS_EVERY_ROWS = 5000;
const STAGED_CHUNK_ROWS = 2_000;

/**
 * Imports a register of finished cases. Every bad row is reported (row, column, reason); a file with bad rows stores
 * nothing unless `acceptPartial` says to store its good rows. The file is parsed as a stream and validated row by
 * row; the good rows wait in a temporary table (store/sampling's stageRegisterRows) and are then written in one
 * transaction.
 *
 * Re-importing is idempotent by case code: a case code already in the register keeps its first row and is counted
 * in `alreadyKnown`, so importing the same file again adds nothing (and says so with `alreadyImported`), and a later
 * register that repeats earlier cases adds only the new ones.
 */
export async function importRegister(db: Db, file: string, options: ImportOptions): Promise<ImportReport> {
  const name = path.basename(file);
  const sha256 = await sha256OfFile(file);
  const table = await openRegisterTable(file, Object.values(options.mapping ?? {}));
  const { columns, missing } = recogniseColumns(table.headers, options.mapping);
  if (missing.length) {
    await table.close();
    throw new PhieuError('registerMissingColumns', { file: name, columns: missing.map((f) => FIELD_LABELS[f]), headerRow: table.headerRow, present: table.headers.filter(Boolean).map(String) });
  }
  const inPeriod = (c: RegisterCase) =>
    (!options.periodFrom && !options.periodTo) || (c.returnedOn !== null && (!options.periodFrom || c.returnedOn >= options.periodFrom) && (!options.periodTo || c.returnedOn <= options.periodTo));
  const bad: RowError[] = [];
  const staged = stageRegisterRows(db);
  let rowsRead = 0;
  let goodRows = 0;
  let outsidePeriod = 0;
  try {
    let chunk: StagedCase[] = [];
    const flush = () => {
      for (const { row, caseCode, firstRow } of staged.add(chunk)) bad.push({ row, column: FIELD_LABELS.caseCode, reason: `mã hồ sơ ${caseCode} trùng với dòng ${firstRow}` });
      chunk = [];
    };
    for await (const { row, cells } of table.rows) {
      if (++rowsRead % PROGRESS_EVERY_ROWS === 0) options.onProgress?.({ rows: rowsRead, ...table.progress() });
      const { value, errors } = parseRegisterRow(cells, columns, row, table.positional ? undefined : table.headers);
      if (!value) bad.push(...errors);
      else {
        const officeLevel = officeLevelOf(value.officeName);
        chunk.push({ row, value, inPeriod: inPeriod(value), officeCode: officeCodeOf(value.officeName), officeLevel, officeActiveTo: officeActiveTo(officeLevel) });
      }
      if (chunk.length >= STAGED_CHUNK_ROWS) flush();
    }
    flush();
    // Duplicates are found a chunk at a time; the report lists every bad row in file order.
    bad.sort((a, b) => a.row - b.row);
    options.onProgress?.({ rows: rowsRead, ...table.progress() });
    ({ goodRows, outsidePeriod } = staged.counts());
    if (bad.length && !options.acceptPartial) return { file: name, alreadyImported: false, rowsRead, kept: 0, alreadyKnown: 0, outsidePeriod, bad, goodRows, stored: false, offices: 0, newOffices: [] };
    const seenBefore = registerFileSeen(db, sha256);
    const inPeriodRows = goodRows - outsidePeriod;
    const { kept, offices, newOffices } = storeStagedRegister(db, staged, {
      file: name,
      sha256,
      actor: options.actor,
      rowsRead,
      bad: bad.length,
      inPeriodRows,
      outsidePeriod,
      periodFrom: options.periodFrom ?? null,
      periodTo: options.periodTo ?? null,
    });
    return { file: name, alreadyImported: seenBefore && kept === 0, rowsRead, kept, alreadyKnown: inPeriodRows - kept, outsidePeriod, bad, goodRows, stored: true, offices, newOffices: newOffices.map((o) => ({ ...o, note: officeNote(o) })) };
  } finally {
    staged.drop();
  }
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
