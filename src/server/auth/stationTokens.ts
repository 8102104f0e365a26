import { createHash, randomBytes } from 'node:crypto';
import { activeStationByHash, insertStation, revokeStationRow, stationRows, type StationRow } from '../../store/accounts.js';
import type { Db } from '../../store/db.js';

/** A scanning station (a post office) sends files with a token an admin made for it; only the token's hash is kept. */
export type Station = StationRow;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function createStationToken(db: Db, name: string, actor: string): { station: Station; token: string } {
  const token = `pst_${randomBytes(24).toString('base64url')}`;
  const id = insertStation(db, name, hashOf(token), actor);
  return { station: listStations(db).find((s) => s.id === id)!, token };
}

export function listStations(db: Db): Station[] {
  return stationRows(db);
}

export function revokeStation(db: Db, id: number, actor: string): void {
  revokeStationRow(db, id, actor);
}

/** The station a bearer token belongs to, unless it was revoked. */
export function stationOfToken(db: Db, token: string): Station | undefined {
  return activeStationByHash(db, hashOf(token));
}
