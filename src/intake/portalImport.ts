import path from 'node:path';
import type { RowIssue } from '../electronic/mapRecord.js';
import { portalRatingReader, type PortalMapping, type PortalRating } from '../electronic/portalRating.js';
import { readTableRecords } from '../io/electronicExport.js';
import type { Db } from '../store/db.js';
import { casesNotInRegister, storePortalImport } from '../store/portalRatings.js';
import { officeExists, resultOffices } from '../store/results.js';
import { sha256OfFile } from './fileHash.js';

export interface PortalImportReport {
  file: string;
  rowsRead: number;
  /** Rows refused, by row, column and reason. */
  issues: RowIssue[];
  /** Rows without errors, after keeping one rating per case. */
  goodRows: number;
  /** False when the file had refused rows and a partial import was not accepted: nothing of it was stored. */
  stored: boolean;
  /** Cases rated for the first time. */
  kept: number;
  /** Cases whose stored rating a later one replaced. */
  replaced: number;
  /** Cases already stored with this rating or a later one (a file imported again adds nothing). */
  alreadyKnown: number;
  /** Rows of the file rating a case an earlier row (or a later-dated one) of the same file rated too. */
  repeatedInFile: number;
  /** Offices the file names that phieu does not have (their rows are refused), and the codes phieu has. */
  unknownOffices: { code: string; name: string }[];
  knownOffices: string[];
  /** Rated cases the register does not have: still counted for their office, listed to be checked. */
  notInRegister: string[];
}

/**
 * Imports a portal export of per-case ratings (CSV or XLSX) in one transaction. A file with a refused row, or a row
 * of an office phieu does not have, stores nothing unless `acceptPartial` says to store its good rows. A case keeps
 * one rating, its latest by rating date, so a file imported again changes nothing.
 */
export async function importPortalRatings(db: Db, file: string, mapping: PortalMapping, options: { actor: string; acceptPartial?: boolean }): Promise<PortalImportReport> {
  const name = path.basename(file);
  const sha256 = sha256OfFile(file);
  const officeKnown = officeExists(db);
  const readRow = portalRatingReader(mapping, officeKnown);
  const issues: RowIssue[] = [];
  const latest = new Map<string, PortalRating>();
  const unknownOffices = new Map<string, string>();
  let rowsRead = 0;
  let repeatedInFile = 0;
  for await (const record of readTableRecords(file, Object.values(mapping.fields))) {
    rowsRead++;
    const { rating, issues: rowIssues } = readRow(record);
    issues.push(...rowIssues);
    if (!rating) continue;
    if (!officeKnown(rating.officeCode)) {
      unknownOffices.set(rating.officeCode, rating.officeName);
      const column = [mapping.fields.office].flat().join('/');
      issues.push({ row: record.row, column, reason: `cơ quan "${rating.officeName}" (mã ${rating.officeCode}) chưa có trong danh sách cơ quan: nhập sổ hồ sơ có cơ quan này trước`, severity: 'error' });
      continue;
    }
    const earlier = latest.get(rating.caseCode);
    if (earlier) repeatedInFile++;
    if (!earlier || rating.ratedAt > earlier.ratedAt) latest.set(rating.caseCode, rating);
  }
  const bad = new Set(issues.map((i) => i.row)).size;
  const good = [...latest.values()];
  const report = {
    file: name, rowsRead, issues, goodRows: good.length, repeatedInFile,
    unknownOffices: [...unknownOffices].map(([code, officeName]) => ({ code, name: officeName })),
    knownOffices: unknownOffices.size ? resultOffices(db).map((o) => o.code).sort() : [],
    notInRegister: casesNotInRegister(db, good.map((r) => r.caseCode)),
  };
  if (bad && !options.acceptPartial) return { ...report, stored: false, kept: 0, replaced: 0, alreadyKnown: 0 };
  const counts = storePortalImport(db, { file: name, sha256, mappingId: mapping.id, actor: options.actor, rowsRead, bad }, good);
  return { ...report, stored: true, ...counts };
}
