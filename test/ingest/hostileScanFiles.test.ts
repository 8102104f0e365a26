import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestSummary } from '../../src/ingest/ingestFiles.js';
import { openScan } from '../../src/ingest/decode.js';
import { ScanFileError } from '../../src/ingest/scanFileError.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { printForms } from '../../src/print/printForms.js';
import { fixturePath } from '../support/fixtures.js';
import { followPeakMemory } from '../../bench/harness.js';
import { jpegDeclaredSizes, LOOPING_PDFS, mutations, pdfDeclaredSizes, tiffDeclaredSizes, type Mutation } from '../support/hostileFiles.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

// A guard so a hang fails its case instead of the whole run; no case is expected to come near it.
const CASE_GUARD_MS = 60_000;
const GIGABYTE = 1024 ** 3;
// Words of the readers' messages: an English library message alone is not something a scanning clerk can act on.
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýỏ]/i;

type Kind = 'pdf' | 'tiff' | 'jpeg';
interface Source {
  name: string;
  kind: Kind;
  bytes: Uint8Array;
}

const sources: Source[] = [];

beforeAll(async () => {
  const scanner = (name: string, kind: Kind) => sources.push({ name, kind, bytes: fs.readFileSync(fixturePath('scanner-files', name)) });
  scanner('toshiba-estudio357-2pages-ccitt.pdf', 'pdf');
  scanner('mixed-6pages-jpeg.pdf', 'pdf');
  scanner('ricoh-g3.tif', 'tiff');
  scanner('unknown-scanner-5pages-g4.tif', 'tiff');
  scanner('lzw-rgb16.tif', 'tiff');
  // A real scan saved as JPEG, as a copier's "scan to JPEG" writes it.
  sources.push({ name: 'ricoh-g3.jpg', kind: 'jpeg', bytes: await sharp(fixturePath('scanner-files', 'ricoh-g3.tif')).jpeg({ quality: 80 }).toBuffer() });
  // A form as phieu prints it (vector text and QR code, drawn by the renderer).
  const layout = layoutForm(loadSurveyDefinition('quick'));
  const chunks: Buffer[] = [];
  const sink = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
  await printForms(layout, [{ serial: 1, values: { office: 'UBND phường Phú Hội' } }], sink, { secret: loadOrCreateSecret(tempDir()) });
  sources.push({ name: 'printed-quick.pdf', kind: 'pdf', bytes: Buffer.concat(chunks) });
}, 120_000);

const SIZES: Record<Kind, fc.Arbitrary<Mutation>> = { pdf: pdfDeclaredSizes, tiff: tiffDeclaredSizes, jpeg: jpegDeclaredSizes };

/** A real file and damage done to it. */
const hostileScan = () =>
  fc.integer({ min: 0, max: 1_000 }).chain((pick) => {
    const source = sources[pick % sources.length];
    return mutations(SIZES[source.kind]).map((mutation) => ({ source, mutation }));
  });

/** What reading a file came to: pages read, or the refusal the readers gave; any other error fails the case. */
async function readAsIngestDoes(bytes: Uint8Array): Promise<string> {
  const outcome = (async () => {
    const scan = await openScan(bytes);
    const pages: string[] = [];
    // The first two pages: every page goes through the same decoder, and a case must stay short.
    for (let i = 0; i < Math.min(scan.pageCount, 2); i++) {
      pages.push(
        await scan.decodePage(i).then(
          (page) => `${page.image.width}×${page.image.height}`,
          (error: Error) => refusal(error),
        ),
      );
    }
    return `${scan.pageCount} pages: ${pages.join(', ')}`;
  })().catch(refusal);
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no outcome within ${CASE_GUARD_MS / 1000} s`)), CASE_GUARD_MS)));
  return Promise.race([outcome, guard]).finally(() => clearTimeout(timer));
}

function refusal(error: Error): string {
  if (!(error instanceof ScanFileError) || !VIETNAMESE.test(error.message)) throw error;
  return `refused: ${error.message}`;
}

describe('hostile scan files', () => {
  it('end in pages read or a Vietnamese refusal when real PDFs, TIFFs and JPEGs are cut, flipped or declare huge sizes', async () => {
    await fc.assert(
      fc.asyncProperty(hostileScan(), async ({ source, mutation }) => {
        const outcome = await readAsIngestDoes(mutation.apply(source.bytes));
        if (process.env.SHOWFUZZ) console.log(source.name, mutation.describe, '→', outcome.slice(0, 140));
        expect(outcome).toMatch(/^(\d+ pages|refused)/);
      }),
      { seed: 18_3, numRuns: 60, endOnFailure: true },
    );
    expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(GIGABYTE);
  }, 600_000);

  it.each(Object.keys(LOOPING_PDFS))('end in a read or a Vietnamese refusal for a PDF whose %s', async (name) => {
    const outcome = await readAsIngestDoes(LOOPING_PDFS[name]);
    expect(outcome).toMatch(/^(\d+ pages|refused)/);
  }, 120_000);

  it('never stop phieu scan: each damaged file is read or refused by name, the others still read, under 1 GB', async () => {
    const dir = tempDir();
    const scans = path.join(dir, 'scans');
    fs.mkdirSync(scans);
    const cases = fc.sample(hostileScan(), { seed: 18_3_1, numRuns: 6 });
    const files = cases.map(({ source, mutation }, i) => {
      const file = path.join(scans, `case-${i}-${source.name}`);
      fs.writeFileSync(file, mutation.apply(source.bytes));
      return file;
    });
    Object.values(LOOPING_PDFS).forEach((bytes, i) => {
      const file = path.join(scans, `loop-${i}.pdf`);
      fs.writeFileSync(file, bytes);
      files.push(file);
    });
    const intact = path.join(scans, 'intact-ricoh-g3.tif');
    fs.copyFileSync(fixturePath('scanner-files', 'ricoh-g3.tif'), intact);
    files.push(intact);

    const bin = fileURLToPath(new URL('../../bin/phieu.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'scan', '--json', '--data', path.join(dir, 'data'), ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    const memory = followPeakMemory(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const guard = setTimeout(() => child.kill('SIGKILL'), 400_000);
    // 'close', not 'exit': the process may have exited before its output has all been read.
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(guard);
    const peak = memory.stop();

    expect({ code, signal, stderr: code === 0 || code === 1 ? '' : stderr }).toEqual({ code: expect.toBeOneOf([0, 1]), signal: null, stderr: '' });
    const summary = JSON.parse(stdout) as IngestSummary & { failed: { file: string; reason: string }[] };
    expect(summary.files.map((f) => f.file).sort()).toEqual([...files].sort());
    for (const f of summary.files) {
      if (f.status === 'rejected') expect(f.reason, path.basename(f.file)).toMatch(VIETNAMESE);
      else expect(f.status, path.basename(f.file)).toBeOneOf(['done', 'alreadyDone']);
    }
    for (const p of summary.problems.filter((p) => p.outcome === 'refused')) expect(p.reason, `${p.file} page ${p.page}`).toMatch(VIETNAMESE);
    expect(summary.files.find((f) => f.file === intact)).toMatchObject({ status: 'done', pages: 1 });
    expect(peak).toBeLessThan(GIGABYTE);
  }, 600_000);
});
