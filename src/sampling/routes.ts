import { foldHeader } from './registerRow.js';

export const UNKNOWN_ROUTE = 'Chưa rõ phường/xã';

// "phường Phú Hội", "P. Phú Hội", "xã Hương Phong", "X. Hương Phong", "thị trấn Sịa", "TT. Sịa".
const WARD_PART = /^(phuong|xa|thi tran|p|x|tt)\.?\s+\S/;

/**
 * The enumerator's route a member belongs to: the ward, commune or town of their address, which is how a post office
 * splits a list between its postmen. The part of the address that names it, as written; addresses without one
 * share a route of their own.
 */
export function routeOf(address: string | null): string {
  const parts = (address ?? '').split(/[,;\n]/).map((p) => p.trim());
  const ward = parts.find((p) => WARD_PART.test(foldHeader(p)) && !/^thi xa\b/.test(foldHeader(p)));
  return ward ? ward.replace(/\s+/g, ' ') : UNKNOWN_ROUTE;
}

const ABBREVIATIONS: Record<string, string> = { p: 'phuong', x: 'xa', tt: 'thi tran' };

/** "P. Phú Hội" and "phường Phú Hội" are one route: the key an enumerator is given a route by. */
export function routeKey(route: string): string {
  return foldHeader(route).replace(/^(p|x|tt)\b/, (a) => ABBREVIATIONS[a]);
}

/** Members grouped by route, routes in alphabetical order of their unaccented names (the unknown one last), list order kept inside. */
export function groupByRoute<T extends { address: string | null }>(rows: readonly T[]): { route: string; rows: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = routeKey(routeOf(row.address));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const last = routeKey(UNKNOWN_ROUTE);
  return [...groups.entries()]
    .sort(([a], [b]) => Number(a === last) - Number(b === last) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => ({ route: routeOf(group[0].address), rows: group }));
}

/**
 * Shares an office's routes between its enumerators. A route stays whole (one postman walks a ward); the largest are
 * placed first, each with the enumerator who has the fewest people so far (ties in the order given), so the lists come
 * out as even as whole routes allow, and the same routes and names always give the same split.
 */
export function splitRoutes(routes: readonly { route: string; people: number }[], enumerators: readonly string[]): { route: string; enumerator: string }[] {
  const load = new Map(enumerators.map((e) => [e, 0]));
  const bySize = [...routes].sort((a, b) => b.people - a.people || (routeKey(a.route) < routeKey(b.route) ? -1 : 1));
  return bySize.map(({ route, people }) => {
    const [enumerator] = [...load].reduce((least, next) => (next[1] < least[1] ? next : least));
    load.set(enumerator, load.get(enumerator)! + people);
    return { route, enumerator };
  });
}
