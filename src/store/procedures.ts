import type { ProcedureField } from '../results/procedureFields.js';
import { audit, type Db } from './db.js';

/** The office's list of procedures with their fields (lĩnh vực), as last imported. */
export function procedureList(db: Db): ProcedureField[] {
  return db.prepare('SELECT name, field FROM procedures ORDER BY name_key').all() as ProcedureField[];
}

/** Adds or replaces procedures by their folded name (`key`): a later list corrects an earlier one. */
export function saveProcedures(db: Db, rows: readonly (ProcedureField & { key: string })[], actor: string, file: string): { saved: number } {
  const upsert = db.prepare(
    `INSERT INTO procedures (name_key, name, field, actor) VALUES (?, ?, ?, ?)
     ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, field = excluded.field, actor = excluded.actor, at = excluded.at`,
  );
  db.transaction(() => {
    for (const r of rows) upsert.run(r.key, r.name, r.field, actor);
    audit(db, actor, 'procedures.import', { file, rows: rows.length });
  }).immediate();
  return { saved: rows.length };
}
