import { foldHeader, type Cell, type RowError } from '../sampling/registerRow.js';

/** One procedure of an office's list and the field (lĩnh vực) it belongs to. */
export interface ProcedureField {
  name: string;
  field: string;
}

/** Registers spell a procedure in many ways: it is looked up without accents, case or punctuation. */
export const procedureKey = (name: string) => foldHeader(name);

/** The field of a response: its own (register or export), else the one the procedure list gives its procedure. */
export function fieldLookup(list: readonly ProcedureField[]): (procedure: string | null | undefined, field: string | null | undefined) => string | null {
  const byKey = new Map(list.map((p) => [procedureKey(p.name), p.field]));
  return (procedure, field) => field || (procedure ? (byKey.get(procedureKey(procedure)) ?? null) : null);
}

const ALIASES = {
  name: ['ten thu tuc', 'thu tuc', 'ten thu tuc hanh chinh', 'thu tuc hanh chinh', 'procedure'],
  field: ['linh vuc', 'ten linh vuc', 'field'],
};
export const PROCEDURE_LIST_HEADERS: string[] = [...ALIASES.name, ...ALIASES.field];
export const PROCEDURE_LIST_LABELS = { name: 'Tên thủ tục', field: 'Lĩnh vực' };

/** Where the procedure and field columns are, by their headers; undefined when one is missing. */
export function procedureListColumns(headers: readonly string[]): { name: number; field: number } | undefined {
  const folded = headers.map((h) => foldHeader(String(h ?? '')));
  const name = folded.findIndex((h) => ALIASES.name.includes(h));
  const field = folded.findIndex((h) => ALIASES.field.includes(h));
  return name < 0 || field < 0 ? undefined : { name, field };
}

/** One row of a procedure list, or why it cannot be used (the row is the file's, header counted). */
export function parseProcedureRow(cells: Cell[], columns: { name: number; field: number }, row: number): { value?: ProcedureField & { key: string }; error?: RowError } {
  const text = (i: number) => (cells[i] === null || cells[i] === undefined ? '' : String(cells[i]).replace(/\s+/g, ' ').trim());
  const name = text(columns.name);
  const field = text(columns.field);
  if (!name) return { error: { row, column: PROCEDURE_LIST_LABELS.name, reason: 'thiếu tên thủ tục' } };
  if (!field) return { error: { row, column: PROCEDURE_LIST_LABELS.field, reason: `thủ tục "${name}" chưa ghi lĩnh vực` } };
  return { value: { key: procedureKey(name), name, field } };
}
