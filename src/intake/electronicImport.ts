import path from 'node:path';
import type { ElectronicMapping } from '../electronic/mapping.js';
import { recordMapper, type ElectronicResponse, type RowIssue } from '../electronic/mapRecord.js';
import { readExport } from '../io/electronicExport.js';
import type { SurveyDefinition } from '../survey/schema.js';
import type { Db } from '../store/db.js';
import { electronicImportedBefore, officeExists, storeElectronicImport } from '../store/results.js';
import { sha256OfFile } from './fileHash.js';

export interface ElectronicImportReport {
  file: string;
  source: string;
  /** The same file was imported with the same mapping before, whole: nothing was added. */
  alreadyImported: boolean;
  rowsRead: number;
  kept: number;
  /** Responses already stored from an earlier export (kept as they were). */
  alreadyKnown: number;
  /** Rows refused (errors) and cells dropped or counted invalid (warnings), by row and column. */
  issues: RowIssue[];
  /** Rows without errors; stored only when the file had none or a partial import was accepted. */
  goodRows: number;
  /** False when the file had refused rows and a partial import was not accepted: nothing of it was stored. */
  stored: boolean;
  /** Offices the export names that phieu does not have (their rows are refused until the register brings them). */
  unknownOffices: { code: string; name: string | null }[];
}

/**
 * Imports an electronic export through its mapping in one transaction. Bad rows, and rows of offices phieu does not
 * have, are reported by row, column and reason; a file with any stores nothing unless `acceptPartial` says to store
 * its good rows. Importing the same file again, or a later export repeating responses, changes nothing.
 */
export async function importElectronic(
  db: Db,
  file: string,
  mapping: ElectronicMapping,
  survey: SurveyDefinition,
  options: { actor: string; acceptPartial?: boolean },
): Promise<ElectronicImportReport> {
  const name = path.basename(file);
  const sha256 = sha256OfFile(file);
  const base = { file: name, source: mapping.source, rowsRead: 0, kept: 0, alreadyKnown: 0, issues: [], goodRows: 0, unknownOffices: [] };
  // A file imported only in part may be imported again once its offices exist.
  if (electronicImportedBefore(db, sha256, mapping.id, { whole: true })) return { ...base, alreadyImported: true, stored: true };
  // Mapping is pure and reads as the file streams; storing is one synchronous transaction over the results.
  const mapRecord = recordMapper(mapping, survey);
  let rowsRead = 0;
  const issues: RowIssue[] = [];
  const good: ElectronicResponse[] = [];
  const firstRowOf = new Map<string, number>();
  const officeKnown = officeExists(db);
  const unknownOffices = new Map<string, string | null>();
  for await (const record of readExport(file, mapping)) {
    rowsRead++;
    const { response, issues: rowIssues } = mapRecord(record);
    issues.push(...rowIssues);
    if (!response) continue;
    const firstRow = firstRowOf.get(response.externalId);
    if (firstRow !== undefined) {
      issues.push({ row: record.row, column: mapping.fields.responseId ?? '(cả dòng)', reason: `trùng với phản hồi ở dòng ${firstRow}`, severity: 'error' });
      continue;
    }
    firstRowOf.set(response.externalId, record.row);
    if (response.officeCode && !officeKnown(response.officeCode)) {
      unknownOffices.set(response.officeCode, response.officeName);
      const named = response.officeName ? `"${response.officeName}" (${response.officeCode})` : `"${response.officeCode}"`;
      issues.push({ row: record.row, column: mapping.fields.office ?? 'cơ quan', reason: `cơ quan ${named} chưa có trong danh sách cơ quan: nhập sổ hồ sơ có cơ quan này trước`, severity: 'error' });
      continue;
    }
    good.push(response);
  }
  const bad = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.row)).size;
  const report = { ...base, rowsRead, issues, goodRows: good.length, unknownOffices: [...unknownOffices].map(([code, officeName]) => ({ code, name: officeName })) };
  if (bad && !options.acceptPartial) return { ...report, alreadyImported: false, stored: false };
  const seenBefore = electronicImportedBefore(db, sha256, mapping.id, { whole: false });
  const { kept, alreadyKnown } = storeElectronicImport(db, { file: name, sha256, mapping, surveyId: survey.id, actor: options.actor, rowsRead, bad }, good);
  return { ...report, alreadyImported: seenBefore && kept === 0, stored: true, kept, alreadyKnown };
}
