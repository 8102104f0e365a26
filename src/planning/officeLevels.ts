import { PhieuError } from '../errors/errorTable.js';
import type { Db } from '../store/db.js';
import { officeLevels, officeTree, saveOfficeLevels } from '../store/offices.js';

/**
 * Sets the list of office levels (checked by its schema, audited). A level an office still has cannot be taken out:
 * the office would keep a level reports no longer list. The check and the write are one transaction.
 */
export function changeOfficeLevels(db: Db, levels: unknown, actor: string): string[] {
  return db.transaction(() => {
    const before = officeLevels(db);
    const saved = saveOfficeLevels(db, levels, actor);
    const tree = officeTree(db);
    for (const level of before.filter((l) => !saved.includes(l))) {
      const offices = tree.filter((o) => o.level === level).map((o) => o.name);
      // Thrown inside the transaction: the new list and its audit row are rolled back with it.
      if (offices.length) throw new PhieuError('levelInUse', { level, offices });
    }
    return saved;
  }).immediate();
}
