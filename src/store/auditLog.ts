import type { Db } from './db.js';
import { parseStoredJson, storedDetail } from './storedJson.js';

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

/** The latest 200 audit events, newest first, before the event `before` when given (the page asks for older ones). */
export function recentAuditEvents(db: Db, before?: number): AuditEvent[] {
  const rows = db
    .prepare('SELECT id, at, actor, action, detail_json FROM audit_events WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT 200')
    .all(before ?? null, before ?? null) as { id: number; at: string; actor: string; action: string; detail_json: string }[];
  return rows.map(({ detail_json, ...row }) => ({ ...row, detail: parseStoredJson(detail_json, storedDetail, { table: 'audit_events', row: row.id }) }));
}

/** When `action` was last recorded, or null if never. */
export function lastAuditAt(db: Db, action: string): string | null {
  return (db.prepare('SELECT MAX(at) AS at FROM audit_events WHERE action = ?').get(action) as { at: string | null }).at;
}
