import { describe, expect, it } from 'vitest';
import { officeActiveTo, officeLevelOf } from '../../src/sampling/offices.js';

describe('the level a register office is first given', () => {
  it('places a centrally-run city (Huế) and its desk at province level, still active, while a district and a provincial town ended in 2025', () => {
    const cases: [string, string | null][] = [
      ['Bộ phận một cửa UBND thành phố Huế', 'sở/ngành'],
      ['UBND Thành phố Đà Nẵng', 'sở/ngành'],
      ['UBND huyện Phú Vang', 'huyện'],
      ['UBND thành phố Bảo Lộc', 'huyện'],
      ['UBND phường Phú Hội, thành phố Huế', 'xã'],
    ];
    expect(cases.map(([name]) => [name, officeLevelOf(name)])).toEqual(cases);
    expect(cases.map(([name]) => officeActiveTo(officeLevelOf(name)))).toEqual([null, null, '2025-06-30', '2025-06-30', null]);
  });
});
