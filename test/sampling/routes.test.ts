import { describe, expect, it } from 'vitest';
import { groupByRoute, routeOf, UNKNOWN_ROUTE } from '../../src/sampling/routes.js';

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
