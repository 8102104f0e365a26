import type { PortalLevel, PortalRating } from '../electronic/portalRating.js';
import { audit, type Db } from './db.js';

/** A stored portal rating, with whether the register has its case. */
export interface StoredPortalRating {
  caseCode: string;
  officeCode: string;
  ratedAt: string;
  level: PortalLevel;
  registered: boolean;
}

/**
 * Stores the good ratings of a portal export and its import record, audited, in one transaction. A case keeps one
 * rating: a later rating date replaces it, the same or an earlier one is kept as it was (`alreadyKnown`).
 */
export function storePortalImport(
  db: Db,
  record: { file: string; sha256: string; mappingId: string; actor: string; rowsRead: number; bad: number },
  good: readonly PortalRating[],
): { kept: number; replaced: number; alreadyKnown: number } {
  let kept = 0;
  let replaced = 0;
  let alreadyKnown = 0;
  db.transaction(() => {
    const importId = Number(
      db
        .prepare('INSERT INTO portal_imports (file_name, sha256, mapping_id, rows_read, rows_kept, rows_bad, actor) VALUES (?, ?, ?, ?, 0, ?, ?)')
        .run(record.file, record.sha256, record.mappingId, record.rowsRead, record.bad, record.actor).lastInsertRowid,
    );
    const before = db.prepare('SELECT rated_at AS ratedAt FROM portal_ratings WHERE case_code = ?');
    const upsert = db.prepare(
      `INSERT INTO portal_ratings (case_code, office_code, rated_at, level, import_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (case_code) DO UPDATE SET office_code = excluded.office_code, rated_at = excluded.rated_at, level = excluded.level, import_id = excluded.import_id
       WHERE excluded.rated_at > portal_ratings.rated_at`,
    );
    for (const rating of good) {
      const existed = before.get(rating.caseCode) !== undefined;
      const { changes } = upsert.run(rating.caseCode, rating.officeCode, rating.ratedAt, rating.level, importId);
      if (!changes) alreadyKnown++;
      else if (existed) replaced++;
      else kept++;
    }
    db.prepare('UPDATE portal_imports SET rows_kept = ? WHERE id = ?').run(kept + replaced, importId);
    audit(db, record.actor, 'portal.import', { file: record.file, sha256: record.sha256, mapping: record.mappingId, rows: record.rowsRead, kept, replaced, bad: record.bad, alreadyKnown });
  }).immediate();
  return { kept, replaced, alreadyKnown };
}

/** Which of these case codes the register does not have. */
export function casesNotInRegister(db: Db, caseCodes: readonly string[]): string[] {
  const known = db.prepare('SELECT 1 FROM register_cases WHERE case_code = ?');
  return caseCodes.filter((code) => !known.get(code));
}

/** Every stored portal rating. */
export function portalRatingRows(db: Db): StoredPortalRating[] {
  const rows = db
    .prepare(
      `SELECT p.case_code AS caseCode, p.office_code AS officeCode, p.rated_at AS ratedAt, p.level, r.case_code IS NOT NULL AS registered
       FROM portal_ratings p LEFT JOIN register_cases r ON r.case_code = p.case_code ORDER BY p.case_code`,
    )
    .all() as (Omit<StoredPortalRating, 'registered'> & { registered: number })[];
  return rows.map((r) => ({ ...r, registered: r.registered === 1 }));
}
