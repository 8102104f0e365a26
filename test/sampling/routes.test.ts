import { describe, expect, it } from 'vitest';
import { groupByRoute, routeOf, splitRoutes, UNKNOWN_ROUTE } from '../../src/sampling/routes.js';

describe('enumerator routes', () => {
  it('takes the ward, commune or town named in an address, however it is written', () => {
    expect(
      [
        '12 Lê Lợi, phường Phú Hội, thành phố Huế',
        'Thôn 3, xã Hương Phong, thị xã Hương Trà',
        '5 kiệt 10 Chi Lăng; P. Phú Cát; TP Huế',
        'Tổ 2, thị trấn Sịa, huyện Quảng Điền',
        'Xóm Đông, X. Quảng Thành',
        'Số 4, thị xã Hương Thủy',
        null,
      ].map(routeOf),
    ).toEqual(['phường Phú Hội', 'xã Hương Phong', 'P. Phú Cát', 'thị trấn Sịa', 'X. Quảng Thành', UNKNOWN_ROUTE, UNKNOWN_ROUTE]);
  });

  it('puts "P. Phú Hội" and "phường Phú Hội" on one route, keeps list order inside a route, and the unknown route last', () => {
    const rows = [
      { id: 1, address: '1 Lê Lợi, phường Vỹ Dạ' },
      { id: 2, address: 'không rõ' },
      { id: 3, address: '2 Hùng Vương, P. Phú Hội' },
      { id: 4, address: '3 Bà Triệu, phường Vỹ Dạ' },
      { id: 5, address: '4 Lê Lợi, phường Phú Hội' },
      { id: 6, address: 'Thôn 1, xã An Thủy' },
    ];
    expect(groupByRoute(rows).map((g) => [g.route, g.rows.map((r) => r.id)])).toEqual([
      ['P. Phú Hội', [3, 5]],
      ['phường Vỹ Dạ', [1, 4]],
      ['xã An Thủy', [6]],
      [UNKNOWN_ROUTE, [2]],
    ]);
  });
});

describe('sharing routes between enumerators', () => {
  const routes = [
    { route: 'phường Vỹ Dạ', people: 9 },
    { route: 'xã An Thủy', people: 3 },
    { route: 'P. Phú Hội', people: 7 },
    { route: 'phường Thuận Hóa', people: 5 },
    { route: 'phường Tây Lộc', people: 4 },
    { route: 'xã Hương Phong', people: 2 },
  ];
  const loads = (split: { route: string; enumerator: string }[]) => {
    const people = new Map(routes.map((r) => [r.route, r.people]));
    const load: Record<string, number> = {};
    for (const s of split) load[s.enumerator] = (load[s.enumerator] ?? 0) + people.get(s.route)!;
    return load;
  };

  it('gives every route, whole, to one enumerator, as evenly as whole routes allow', () => {
    const split = splitRoutes(routes, ['An', 'Bình']);
    expect(split.map((s) => s.route).sort()).toEqual(routes.map((r) => r.route).sort());
    // 30 people: 15 each is possible (9+4+2 and 7+5+3) and is what comes out.
    expect(loads(split)).toEqual({ An: 15, Bình: 15 });
    expect(loads(splitRoutes(routes, ['An', 'Bình', 'Chi']))).toEqual({ An: 11, Bình: 10, Chi: 9 });
  });

  it('gives the same split whatever order the routes come in', () => {
    const reversed = splitRoutes([...routes].reverse(), ['An', 'Bình', 'Chi']);
    const sortByRoute = (s: { route: string; enumerator: string }[]) => [...s].sort((a, b) => (a.route < b.route ? -1 : 1));
    expect(sortByRoute(reversed)).toEqual(sortByRoute(splitRoutes(routes, ['An', 'Bình', 'Chi'])));
  });
});
