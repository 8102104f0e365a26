import { createHash, randomBytes } from 'node:crypto';
import { audit, type Db } from '../../store/db.js';

/** A scanning station (a post office) sends files with a token an admin made for it; only the token's hash is kept. */
export interface Station {
  id: number;
  name: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function createStationToken(db: Db, name: string, actor: string): { station: Station; token: string } {
  const token = `pst_${randomBytes(24).toString('base64url')}`;
  const { lastInsertRowid } = db.prepare('INSERT INTO station_tokens (name, token_hash, created_by) VALUES (?, ?, ?)').run(name, hashOf(token), actor);
  audit(db, actor, 'station.create', { id: Number(lastInsertRowid), name });
  return { station: listStations(db).find((s) => s.id === Number(lastInsertRowid))!, token };
}

export function listStations(db: Db): Station[] {
  return db
    .prepare('SELECT id, name, created_by AS createdBy, created_at AS createdAt, revoked_at AS revokedAt FROM station_tokens ORDER BY id')
    .all() as Station[];
}

export function revokeStation(db: Db, id: number, actor: string): void {
  db.prepare(`UPDATE station_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE id = ? AND revoked_at IS NULL`).run(id);
  audit(db, actor, 'station.revoke', { id });
}

/** The station a bearer token belongs to, unless it was revoked. */
export function stationOfToken(db: Db, token: string): Station | undefined {
  return db
    .prepare('SELECT id, name, created_by AS createdBy, created_at AS createdAt, revoked_at AS revokedAt FROM station_tokens WHERE token_hash = ? AND revoked_at IS NULL')
    .get(hashOf(token)) as Station | undefined;
}
