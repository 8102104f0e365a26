import fc from 'fast-check';

/**
 * Damage done to a real file, as fast-check draws it: cut short, bytes flipped, a declared size made huge or a
 * declared length made wrong. Each is described in words so a failing case says what was done.
 */
export interface Mutation {
  describe: string;
  apply(bytes: Uint8Array): Uint8Array;
}

// Unbiased: fast-check's bias towards the ends of a range would cut most files at their first byte.
const share = fc.noBias(fc.integer({ min: 0, max: 9_999 })).map((n) => n / 10_000);

const truncation = share.map<Mutation>((share) => ({
  describe: `cut at ${(share * 100).toFixed(1)} %`,
  apply: (bytes) => Uint8Array.from(bytes.subarray(0, Math.floor(bytes.length * share))),
}));

const flips = fc.array(fc.tuple(share, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 24 }).map<Mutation>((spots) => ({
  describe: `${spots.length} bytes flipped at ${spots.map(([at]) => (at * 100).toFixed(1)).join(', ')} %`,
  apply: (bytes) => {
    const out = Uint8Array.from(bytes);
    for (const [at, mask] of spots) out[Math.floor(at * out.length)] ^= mask;
    return out;
  },
}));

/** Huge, zero or odd values a hostile file declares for a size or a length. */
export const hostileNumbers = fc.constantFrom(0, 1, 7, 65_535, 65_536, 2_147_483_647, 4_294_967_295);

/** A value written over every place `find` matches (its first group is where the number goes). */
function rewriteAll(find: RegExp, value: number): (bytes: Uint8Array) => Uint8Array {
  return (bytes) => Buffer.from(Buffer.from(bytes).toString('latin1').replace(find, (whole, key: string) => `${key}${value}`), 'latin1');
}

/** PDF: /Width, /Height, /Length, /Columns, /Rows, /Count set to a hostile value (the file's xref offsets then lie too). */
export const pdfDeclaredSizes = fc.tuple(fc.constantFrom('Width', 'Height', 'Length', 'Columns', 'Rows', 'Count'), hostileNumbers).map<Mutation>(([key, value]) => ({
  describe: `/${key} ${value}`,
  apply: rewriteAll(new RegExp(`(/${key}\\s+)\\d+`, 'g'), value),
}));

/** TIFF: a tag of every image file directory (width 256, height 257, rows per strip 278, strip bytes 279) set to a hostile value. */
export const tiffDeclaredSizes = fc.tuple(fc.constantFrom(256, 257, 278, 279), hostileNumbers).map<Mutation>(([tag, value]) => ({
  describe: `TIFF tag ${tag} = ${value}`,
  apply: (bytes) => {
    const out = Buffer.from(bytes);
    const little = out.toString('latin1', 0, 2) === 'II';
    const u16 = (at: number) => (little ? out.readUInt16LE(at) : out.readUInt16BE(at));
    const u32 = (at: number) => (little ? out.readUInt32LE(at) : out.readUInt32BE(at));
    const seen = new Set<number>();
    for (let ifd = u32(4); ifd > 0 && ifd + 2 <= out.length && !seen.has(ifd); ) {
      seen.add(ifd);
      const count = u16(ifd);
      for (let i = 0; i < count && ifd + 2 + i * 12 + 12 <= out.length; i++) {
        const entry = ifd + 2 + i * 12;
        if (u16(entry) !== tag) continue;
        // Written as a LONG so values above 65,535 fit.
        if (little) out.writeUInt16LE(4, entry + 2), out.writeUInt32LE(1, entry + 4), out.writeUInt32LE(value, entry + 8);
        else out.writeUInt16BE(4, entry + 2), out.writeUInt32BE(1, entry + 4), out.writeUInt32BE(value, entry + 8);
      }
      const next = ifd + 2 + count * 12;
      ifd = next + 4 <= out.length ? u32(next) : 0;
    }
    return out;
  },
}));

/** JPEG: the frame header (SOF) declares a hostile height and width. */
export const jpegDeclaredSizes = fc.tuple(fc.integer({ min: 0, max: 65_535 }), fc.integer({ min: 0, max: 65_535 })).map<Mutation>(([height, width]) => ({
  describe: `JPEG frame ${width} × ${height}`,
  apply: (bytes) => {
    const out = Buffer.from(bytes);
    for (let at = 2; at + 9 < out.length; ) {
      if (out[at] !== 0xff) break;
      const marker = out[at + 1];
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        out.writeUInt16BE(height, at + 5);
        out.writeUInt16BE(width, at + 7);
        break;
      }
      at += 2 + out.readUInt16BE(at + 2);
    }
    return out;
  },
}));

/** Damage any file takes, and the format's own hostile sizes. */
export function mutations(declaredSizes?: fc.Arbitrary<Mutation>): fc.Arbitrary<Mutation> {
  return declaredSizes ? fc.oneof(truncation, flips, declaredSizes) : fc.oneof(truncation, flips);
}

/** A PDF of the given object bodies (object n is the n-th body), with a correct cross-reference table. */
export function pdfOfObjects(objects: string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGE = (resources: string) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources ${resources} /Contents 5 0 R >>`;
const DRAW_X = '<< /Length 6 >>\nstream\n/X Do\n\nendstream';

/** PDFs whose objects refer to themselves: a page tree, a Form XObject, a resource dictionary, a plain reference. */
export const LOOPING_PDFS: Record<string, Buffer> = {
  'page tree whose Kids hold itself': pdfOfObjects([CATALOG, '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']),
  'two page-tree nodes holding each other': pdfOfObjects([CATALOG, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>']),
  'Form XObject drawing itself': pdfOfObjects([
    CATALOG,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    PAGE('<< /XObject << /X 4 0 R >> >>'),
    '<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /XObject << /X 4 0 R >> >> /Length 6 >>\nstream\n/X Do\n\nendstream',
    DRAW_X,
  ]),
  'image XObject whose stream dictionary is itself': pdfOfObjects([CATALOG, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE('<< /XObject << /X 4 0 R >> >>'), '4 0 R', DRAW_X]),
  'resources that are the page itself': pdfOfObjects([CATALOG, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE('3 0 R'), '<< >>', DRAW_X]),
};

/** ZIP (XLSX): a field of the directory that says where a part is and how long it is, set to a hostile value. */
export const zipDeclaredSizes = fc.tuple(fc.constantFrom('compressed size', 'uncompressed size', 'part offset', 'name length', 'directory offset', 'directory size', 'entry count'), fc.nat(), hostileNumbers).map<Mutation>(([field, pick, value]) => ({
  describe: `ZIP ${field} = ${value}`,
  apply: (bytes) => {
    const out = Buffer.from(bytes);
    const end = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0) return out;
    const count = out.readUInt16LE(end + 10);
    if (field === 'directory offset') out.writeUInt32LE(value, end + 16);
    else if (field === 'directory size') out.writeUInt32LE(value, end + 12);
    else if (field === 'entry count') out.writeUInt16LE(value & 0xffff, end + 10);
    else {
      let at = out.readUInt32LE(end + 16);
      for (let i = 0; i < pick % Math.max(1, count) && at + 46 <= out.length; i++) at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
      if (at + 46 > out.length) return out;
      if (field === 'compressed size') out.writeUInt32LE(value, at + 20);
      else if (field === 'uncompressed size') out.writeUInt32LE(value, at + 24);
      else if (field === 'part offset') out.writeUInt32LE(value, at + 42);
      else out.writeUInt16LE(value & 0xffff, at + 28);
    }
    return out;
  },
}));
