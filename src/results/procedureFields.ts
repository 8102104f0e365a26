import { foldHeader, type Cell, type RowError } from '../sampling/registerRow.js';

/** One procedure of an office's list and the field (lĩnh vực) it belongs to. */
export interface ProcedureField {
  name: string;
  field: string;
}

/** Registers spell a procedure in many ways: it is looked up without accents, case or punctuation. */
export const procedureKey = (name: string | ProcedureField) => foldHeader(typeof name === 'string' ? name : name.name);

/**
 * The procedure list as lookups: a procedure's name as the list spells it (registers spell it in many ways), and a
 * response's field — its own (register or export), else the one the list gives its procedure.
 */
export function procedureLookup(list: readonly ProcedureField[]) {
  const byKey = new Map(list.map((p) => [procedureKey(p), p]));
  return {
    nameOf: (procedure: string) => byKey.get(procedureKey(procedure))?.name ?? procedure,
    fieldOf: (procedure: string | null, field: string | null | undefined): string | null => field || (procedure ? (byKey.get(procedureKey(procedure))?.field ?? null) : null),
  };
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
