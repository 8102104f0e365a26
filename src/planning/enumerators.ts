import { PhieuError } from '../errors/errorTable.js';
import { groupByRoute, routeKey, routeOf, splitRoutes } from '../sampling/routes.js';
import type { SampleListHeader, SampleListRow } from '../sampling/sampleList.js';
import { audit, type Db } from '../store/db.js';
import { routeAssignments, saveRouteAssignments } from '../store/enumerators.js';
import { currentDrawOf, officeSampleProgress, sampleList } from '../store/sampling.js';

/** One route of an office's list: the ward or commune, its people, and who carries it (null: nobody yet). */
export interface RouteShare {
  route: string;
  people: number;
  enumerator: string | null;
}

/** How far an enumerator's forms have come, counted like the office's progress. */
export interface EnumeratorProgress {
  officeCode: string;
  officeName: string;
  /** null: the routes nobody has been given yet. */
  enumerator: string | null;
  routes: number;
  inSample: number;
  printed: number;
  handedOut: number;
  returned: number;
  refusedOrUnreachable: number;
}

const HANDED_OUT = new Set(['handedOut', 'returned', 'scanned']);
const RETURNED = new Set(['returned', 'scanned']);

function officeList(db: Db, officeCode: string, draw?: number): { header: SampleListHeader; rows: SampleListRow[]; carriers: Map<string, string> } {
  const drawId = draw ?? currentDrawOf(db, officeCode);
  const { header, rows } = sampleList(db, drawId, officeCode);
  return { header, rows, carriers: routeAssignments(db, drawId, officeCode) };
}

/** The routes of an office's list in use, with their people and enumerators. */
export function officeRoutes(db: Db, officeCode: string, draw?: number): RouteShare[] {
  const { rows, carriers } = officeList(db, officeCode, draw);
  return groupByRoute(rows).map((g) => ({ route: g.route, people: g.rows.length, enumerator: carriers.get(routeKey(g.route)) ?? null }));
}

/**
 * Gives routes of an office's list to enumerators: with `splitAmong`, every route shared out evenly (whole routes
 * only), then each route named in `assign` to the one given. A route the list does not have is refused, naming the
 * ones it has. Returns the routes as they now stand.
 */
export function assignRoutes(
  db: Db,
  request: { officeCode: string; draw?: number; assign?: readonly { route: string; enumerator: string }[]; splitAmong?: readonly string[]; actor: string },
): RouteShare[] {
  const drawId = request.draw ?? currentDrawOf(db, request.officeCode);
  const routes = officeRoutes(db, request.officeCode, drawId);
  const byKey = new Map(routes.map((r) => [routeKey(r.route), r]));
  const named = (request.assign ?? []).map((a) => {
    const route = byKey.get(routeKey(a.route.trim()));
    if (!route) throw new PhieuError('unknownRoute', { route: a.route, office: request.officeCode, routes: routes.map((r) => r.route) });
    return { route: route.route, enumerator: a.enumerator };
  });
  const split = request.splitAmong?.length ? splitRoutes(routes, request.splitAmong) : [];
  const assignments = [...split, ...named].map((a) => ({ ...a, enumerator: a.enumerator.trim(), routeKey: routeKey(a.route) }));
  if (!assignments.length) return routes;
  if (assignments.some((a) => !a.enumerator || a.enumerator.length > 80)) throw new PhieuError('enumeratorName', {});
  saveRouteAssignments(db, { drawId, officeCode: request.officeCode, assignments, actor: request.actor });
  return officeRoutes(db, request.officeCode, drawId);
}

/** The part of an office's list one enumerator carries: the members of their routes, route by route. */
export function enumeratorList(db: Db, request: { officeCode: string; draw?: number; enumerator: string }): { header: SampleListHeader; rows: SampleListRow[] } {
  const { header, rows, carriers } = officeList(db, request.officeCode, request.draw);
  const mine = rows.filter((r) => carriers.get(routeKey(routeOf(r.address))) === request.enumerator);
  if (!mine.length) throw new PhieuError('unknownEnumerator', { enumerator: request.enumerator, office: request.officeCode, enumerators: [...new Set(carriers.values())] });
  return { header, rows: mine };
}

/**
 * An office's list to hand out, or the part one enumerator carries when named; audited, since it carries names,
 * phone numbers and addresses.
 */
export function exportSampleList(
  db: Db,
  request: { officeCode: string; draw?: number; enumerator?: string; format: string; byRoute?: boolean; actor: string },
): { header: SampleListHeader; rows: SampleListRow[] } {
  const drawId = request.draw ?? currentDrawOf(db, request.officeCode);
  const list = request.enumerator ? enumeratorList(db, { officeCode: request.officeCode, draw: drawId, enumerator: request.enumerator }) : sampleList(db, drawId, request.officeCode);
  audit(db, request.actor, 'sample.export', {
    drawId: list.header.drawId,
    office: request.officeCode,
    format: request.format,
    byRoute: Boolean(request.byRoute || request.enumerator),
    enumerator: request.enumerator ?? null,
    rows: list.rows.length,
  });
  return list;
}

/**
 * Per office and enumerator: routes, people in the sample, and how far their forms have come; every office with a
 * list in use (or of the draw given).
 */
export function enumeratorProgress(db: Db, draw?: number | string): EnumeratorProgress[] {
  return officeSampleProgress(db, draw).flatMap(({ officeCode, officeName }) => {
    const { rows, carriers } = officeList(db, officeCode, draw === undefined ? undefined : Number(draw));
    const byEnumerator = new Map<string | null, { routes: Set<string>; rows: SampleListRow[] }>();
    for (const row of rows) {
      const key = routeKey(routeOf(row.address));
      const enumerator = carriers.get(key) ?? null;
      const mine = byEnumerator.get(enumerator) ?? { routes: new Set<string>(), rows: [] };
      mine.routes.add(key);
      mine.rows.push(row);
      byEnumerator.set(enumerator, mine);
    }
    return [...byEnumerator]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'vi')))
      .map(([enumerator, { routes, rows: mine }]) => {
        const inSample = mine.filter((r) => r.inSample);
        return {
          officeCode,
          officeName,
          enumerator,
          routes: routes.size,
          inSample: inSample.length,
          printed: inSample.filter((r) => r.serial !== null).length,
          handedOut: inSample.filter((r) => r.formStatus !== null && HANDED_OUT.has(r.formStatus)).length,
          returned: inSample.filter((r) => r.formStatus !== null && RETURNED.has(r.formStatus)).length,
          refusedOrUnreachable: mine.filter((r) => r.outcome !== null).length,
        };
      });
  });
}
