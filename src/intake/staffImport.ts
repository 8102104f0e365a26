import path from 'node:path';
import { PhieuError } from '../errors/errorTable.js';
import { parseStaffRow, STAFF_FIELD_LABELS, STAFF_HEADERS, staffColumns, staffMemberKey } from '../electronic/staffRow.js';
import { openRegisterTable } from '../io/registerFile.js';
import type { Cell, RowError } from '../sampling/registerRow.js';
import { audit, type Db } from '../store/db.js';
import { addStaffMember, beginStaffImport, finishStaffImport, staffFileSeen, staffMembers } from '../store/results.js';
import { sha256OfFile } from './fileHash.js';

export interface StaffImportReport {
  file: string;
  alreadyImported: boolean;
  rowsRead: number;
  kept: number;
  alreadyKnown: number;
  bad: RowError[];
}

/** Adds the officials of a staff list (CSV or XLSX) in one transaction; a member already listed, however spelt (`staffMemberKey`), is not added twice. */
export async function importStaff(db: Db, file: string, options: { actor: string }): Promise<StaffImportReport> {
  const name = path.basename(file);
  const sha256 = sha256OfFile(file);
  const base = { file: name, rowsRead: 0, kept: 0, alreadyKnown: 0, bad: [] };
  if (staffFileSeen(db, sha256)) return { ...base, alreadyImported: true };
  const table = await openRegisterTable(file, STAFF_HEADERS);
  const columns = staffColumns(table.headers);
  if (columns.phone === undefined && columns.account === undefined && columns.device === undefined) {
    await table.close();
    throw new PhieuError('tableMissingColumns', { file: name, columns: [STAFF_FIELD_LABELS.phone, STAFF_FIELD_LABELS.account, STAFF_FIELD_LABELS.device], headerRow: table.headerRow });
  }
  const rows: { row: number; cells: Cell[] }[] = [];
  for await (const row of table.rows) rows.push(row);
  const bad: RowError[] = [];
  let kept = 0;
  db.transaction(() => {
    const importId = beginStaffImport(db, { file: name, sha256, actor: options.actor });
    const known = new Set(staffMembers(db).map(staffMemberKey));
    for (const { row, cells } of rows) {
      const { value, errors } = parseStaffRow(cells, columns, row);
      if (!value) {
        bad.push(...errors);
        continue;
      }
      if (known.has(staffMemberKey(value))) continue;
      known.add(staffMemberKey(value));
      kept += addStaffMember(db, value, importId);
    }
    finishStaffImport(db, importId, { rowsRead: rows.length, kept, bad: bad.length });
    audit(db, options.actor, 'staff.import', { file: name, sha256, rows: rows.length, kept, bad: bad.length });
  }).immediate();
  return { ...base, alreadyImported: false, rowsRead: rows.length, kept, alreadyKnown: rows.length - kept - new Set(bad.map((b) => b.row)).size, bad };
}
