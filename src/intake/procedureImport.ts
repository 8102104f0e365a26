import path from 'node:path';
import { PhieuError } from '../errors/errorTable.js';
import { openRegisterTable } from '../io/registerFile.js';
import { parseProcedureRow, PROCEDURE_LIST_HEADERS, PROCEDURE_LIST_LABELS, procedureListColumns, type ProcedureField } from '../results/procedureFields.js';
import type { RowError } from '../sampling/registerRow.js';
import type { Db } from '../store/db.js';
import { saveProcedures } from '../store/procedures.js';

export interface ProcedureImportReport {
  file: string;
  saved: number;
  bad: RowError[];
}

/**
 * Reads an office's list of procedures and their fields (CSV or XLSX: Tên thủ tục, Lĩnh vực) and keeps its good rows:
 * a later list corrects an earlier one procedure by procedure, so registers naming only the procedure get a field.
 */
export async function importProcedures(db: Db, file: string, options: { actor: string }): Promise<ProcedureImportReport> {
  const name = path.basename(file);
  const table = await openRegisterTable(file, PROCEDURE_LIST_HEADERS);
  const columns = procedureListColumns(table.headers);
  if (!columns) {
    await table.close();
    throw new PhieuError('tableMissingColumns', { file: name, columns: Object.values(PROCEDURE_LIST_LABELS), headerRow: table.headerRow });
  }
  const rows: (ProcedureField & { key: string })[] = [];
  const bad: RowError[] = [];
  for await (const { row, cells } of table.rows) {
    const { value, error } = parseProcedureRow(cells, columns, row);
    if (value) rows.push(value);
    else if (error) bad.push(error);
  }
  return { file: name, ...saveProcedures(db, rows, options.actor, name), bad };
}
