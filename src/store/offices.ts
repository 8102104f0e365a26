import { z } from 'zod';
import type { OfficeNode } from '../sampling/officeTree.js';
import { audit, type Db } from './db.js';
import { readSetting, schemaSetting, writeSetting } from './settings.js';

/**
 * The levels offices are placed at and reports are grouped by, in the order reports list them. Under two-level local
 * government (from 1 July 2025): province departments and agencies, commune-level units (xã, phường, đặc khu) and
 * their one-stop desks. `huyện` is not among them: former district offices keep it, inactive, and a province that
 * still needs it adds it here.
 */
export const DEFAULT_OFFICE_LEVELS = ['sở/ngành', 'xã', 'bộ phận một cửa'];

const officeLevelsSchema = z
  .array(z.string().trim().min(1, 'tên cấp không được để trống').max(40))
  .min(1, 'cần ít nhất một cấp')
  .refine((levels) => new Set(levels).size === levels.length, 'có cấp bị lặp');

const OFFICE_LEVELS = schemaSetting('offices.levels', 'invalidOfficeLevels', officeLevelsSchema, DEFAULT_OFFICE_LEVELS);

export function officeLevels(db: Db): string[] {
  return readSetting(db, OFFICE_LEVELS);
}

export function saveOfficeLevels(db: Db, levels: unknown, actor: string): string[] {
  return writeSetting(db, OFFICE_LEVELS, levels, actor);
}

const SELECT_OFFICE = 'SELECT code, name, level, parent, active_from AS activeFrom, active_to AS activeTo FROM offices';

/** Every office of the tree, by name. */
export function officeTree(db: Db): OfficeNode[] {
  return db.prepare(`${SELECT_OFFICE} ORDER BY name, code`).all() as OfficeNode[];
}

/** One office of the tree, or undefined. */
export function officeNode(db: Db, code: string): OfficeNode | undefined {
  return db.prepare(`${SELECT_OFFICE} WHERE code = ?`).get(code) as OfficeNode | undefined;
}

/**
 * Changes one office in a transaction: `change` gets the tree as it is and gives the office as it must be (or
 * refuses), so no other change lands between the check and the write. Audited with the office before and after.
 */
export function changeOfficeInTree(db: Db, code: string, change: (tree: OfficeNode[]) => OfficeNode, actor: string): OfficeNode {
  return db.transaction(() => {
    const tree = officeTree(db);
    const before = tree.find((o) => o.code === code) ?? null;
    const after = change(tree);
    db.prepare(
      `INSERT INTO offices (code, name, level, parent, active_from, active_to) VALUES (@code, @name, @level, @parent, @activeFrom, @activeTo)
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent, active_from = excluded.active_from, active_to = excluded.active_to`,
    ).run(after);
    audit(db, actor, before ? 'office.change' : 'office.create', { code, before, after });
    return after;
  }).immediate();
}
