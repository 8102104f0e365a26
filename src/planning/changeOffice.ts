import { applyOfficeChange, parseOfficeChange, type OfficeNode } from '../sampling/officeTree.js';
import type { Db } from '../store/db.js';
import { changeOfficeInTree, officeLevels } from '../store/offices.js';

/** Adds an office to the tree or changes one, from a change given by a person (checked: level, parent, no loop). */
export function changeOffice(db: Db, code: string, change: unknown, actor: string): OfficeNode {
  const checked = parseOfficeChange(change);
  const levels = officeLevels(db);
  return changeOfficeInTree(db, code, (tree) => applyOfficeChange(tree, code, checked, levels), actor);
}
