import { audit, type Db } from './db.js';

/** Which enumerator carries each route of an office's list of one draw, by route key. */
export function routeAssignments(db: Db, drawId: number, officeCode: string): Map<string, string> {
  const rows = db.prepare('SELECT route_key AS routeKey, enumerator FROM route_assignments WHERE draw_id = ? AND office_code = ?').all(drawId, officeCode) as {
    routeKey: string;
    enumerator: string;
  }[];
  return new Map(rows.map((r) => [r.routeKey, r.enumerator]));
}

/** Gives routes to enumerators (a route given again changes hands), in one audited transaction. */
export function saveRouteAssignments(db: Db, request: { drawId: number; officeCode: string; assignments: readonly { routeKey: string; route: string; enumerator: string }[]; actor: string }): void {
  const save = db.prepare(
    `INSERT INTO route_assignments (draw_id, office_code, route_key, enumerator, assigned_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (draw_id, office_code, route_key) DO UPDATE SET enumerator = excluded.enumerator, assigned_by = excluded.assigned_by, at = excluded.at`,
  );
  db.transaction(() => {
    for (const a of request.assignments) save.run(request.drawId, request.officeCode, a.routeKey, a.enumerator, request.actor);
    audit(db, request.actor, 'sample.routes', {
      drawId: request.drawId,
      office: request.officeCode,
      routes: request.assignments.map((a) => ({ route: a.route, enumerator: a.enumerator })),
    });
  }).immediate();
}
