/**
 * Wraps the CCITT fax data of a PDF image in a one-strip TIFF, so sharp (libtiff) decodes it natively instead of a
 * slow full-page PDF render. The compressed runs say which pixels are black; WhiteIsZero makes libtiff show them so.
 */
export function ccittToTiff(data: Uint8Array, image: { width: number; height: number; group: 3 | 4; blackIs1: boolean }): Uint8Array {
  const tags: [number, number, number][] = [
    // [tag, type (3 SHORT, 4 LONG), value]
    [256, 4, image.width],
    [257, 4, image.height],
    [258, 3, 1],
    [259, 3, image.group === 4 ? 4 : 3],
    [262, 3, 0],
    [273, 4, 0], // strip offset, filled in below
    [277, 3, 1],
    [278, 4, image.height],
    [279, 4, data.length],
    [image.group === 4 ? 293 : 292, 4, 0],
  ];
  const ifdOffset = 8;
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataOffset = ifdOffset + ifdSize;
  const out = new Uint8Array(dataOffset + data.length);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0], 0);
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, tags.length, true);
  tags.forEach(([tag, type, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, 1, true);
    const v = tag === 273 ? dataOffset : value;
    if (type === 3) view.setUint16(at + 8, v, true);
    else view.setUint32(at + 8, v, true);
  });
  view.setUint32(ifdOffset + 2 + tags.length * 12, 0, true);
  out.set(data, dataOffset);
  return out;
}
