import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openScan } from '../../src/ingest/decode.js';
import { ingestFiles, sha256File } from '../../src/ingest/ingestFiles.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { printForms } from '../../src/print/printForms.js';
import { listPageItems } from '../../src/review/pageItems.js';
import { seededRandom } from '../../src/sampling/random.js';
import { fontDigits } from '../../src/demo/handwriting.js';
import { PrintedPages } from '../../tools/scangen/printedPages.js';
import { crop } from '../../src/image/grayImage.js';
import { openDatabase } from '../../src/store/db.js';
import { phonePhotoOfFilledForm } from '../support/phonePhotos.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

/** A page printed with this installation's secret and layout but a serial that was never recorded. */
async function unrecordedSerialPage(dataDir: string, file: string) {
  const chunks: Buffer[] = [];
  const out = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
  await printForms(layoutForm(loadSurveyDefinition('quick')), [{ serial: 999_999, values: {} }], out, { secret: loadOrCreateSecret(dataDir) });
  const { image } = await (await openScan(Buffer.concat(chunks))).decodePage(0);
  await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).png().toFile(file);
}

describe('pages that are not simply a new page of a printed form', () => {
  it('are each stored with their own outcome and queued, never merged: rescan, photocopy, unknown serial, another installation, wrong survey', async () => {
    const dataDir = tempDir();
    const scans = tempDir();
    const { files, serials } = await printedScans(dataDir, scans, 'quick', 2);
    // A rescan of the first page (another file of the same page) and a photocopy (re-encoded, slightly turned).
    const rescan = path.join(scans, 'rescan.jpg');
    await sharp(files[0]).jpeg({ quality: 80 }).toFile(rescan);
    const photocopy = path.join(scans, 'photocopy.png');
    await sharp(files[0]).rotate(0.8, { background: '#fff' }).png().toFile(photocopy);
    const unknown = path.join(scans, 'unknown-serial.png');
    await unrecordedSerialPage(dataDir, unknown);
    const elsewhere = tempDir();
    const foreign = await printedScans(elsewhere, path.join(elsewhere, 'scans'), 'quick', 1);

    const db = openDatabase(dataDir);
    const first = await ingestFiles([...files, rescan, photocopy, unknown, ...foreign.files], { db, dataDir, source: 'cli' });
    expect(first.outcomes).toEqual({ read: 2, duplicate: 2, unknownSerial: 1, notOurForm: 1 });
    expect(first.forms).toBe(2);

    const second = await ingestFiles(files, { db, dataDir, source: 'cli', expectedSurvey: 'sipas' });
    expect(second.pages).toBe(0); // already read: the same files are not read again

    const wrongBatch = tempDir();
    const other = await printedScans(dataDir, wrongBatch, 'quick', 1);
    const third = await ingestFiles(other.files, { db, dataDir, source: 'cli', expectedSurvey: 'sipas' });
    expect(third.outcomes).toEqual({ wrongSurvey: 1 });

    const rows = db.prepare('SELECT outcome, serial, reason FROM pages ORDER BY id').all() as { outcome: string; serial: number | null; reason: string | null }[];
    expect(rows.filter((r) => r.outcome === 'duplicate').every((r) => r.serial === serials[0] && /already scanned/.test(r.reason!))).toBe(true);
    expect(rows.find((r) => r.outcome === 'notOurForm')!.reason).toBe('badSignature');
    const queued = db.prepare("SELECT reason FROM review_items WHERE question_id IS NULL ORDER BY id").all() as { reason: string }[];
    expect(queued.map((q) => q.reason).sort()).toEqual(['duplicate', 'duplicate', 'notOurForm', 'unknownSerial', 'wrongSurvey']);
    // Each counted form page is there exactly once.
    expect(db.prepare("SELECT serial, count(*) AS n FROM pages WHERE outcome = 'read' GROUP BY serial").all()).toEqual(serials.map((serial) => ({ serial, n: 1 })));
    // A file with a page left to a person is kept in the data folder, to be read again once placed; a read one is not.
    const keptName = async (file: string) => `${await sha256File(file)}.${path.extname(file) === '.jpg' ? 'jpeg' : 'png'}`;
    const leftToAPerson = await Promise.all([rescan, photocopy, unknown, ...foreign.files, ...other.files].map(keptName));
    expect(fs.readdirSync(path.join(dataDir, 'scans')).sort()).toEqual(leftToAPerson.sort());
    expect(fs.existsSync(path.join(dataDir, 'phieu.sqlite'))).toBe(true);
    db.close();
  }, 120_000);

  it('puts a phone photo that cannot be read on the page screen, saying in Vietnamese how to take it again', async () => {
    const dataDir = tempDir();
    const scans = tempDir();
    const { serials } = await printedScans(dataDir, scans, 'sipas', 1);
    // The phone left out the left of the page, and with it two corner marks.
    const { jpeg } = await phonePhotoOfFilledForm({
      layout: layoutForm(loadSurveyDefinition('sipas')),
      serial: serials[0],
      secret: loadOrCreateSecret(dataDir),
      printed: new PrintedPages('stamp'),
      digits: await fontDigits(seededRandom('digits')),
      photo: {},
      frame: (image) => crop(image, image.width * 0.15, 0, image.width * 0.85, image.height),
    });
    const photo = path.join(scans, 'IMG_2041.jpg');
    fs.writeFileSync(photo, jpeg);
    const db = openDatabase(dataDir);
    const summary = await ingestFiles([photo], { db, dataDir, source: 'cli' });
    expect(summary.outcomes).toEqual({ unreadable: 1 });
    expect(summary.problems).toEqual([{ file: 'IMG_2041.jpg', page: 1, outcome: 'unreadable', reason: expect.stringMatching(/^Ảnh chụp không đọc được: hãy chụp lại/) }]);
    expect(listPageItems(db, 'open')).toMatchObject([{ outcome: 'unreadable', reason: 'retakePhoto', serial: serials[0], message: expect.stringMatching(/giữ điện thoại song song với trang giấy/) }]);
    db.close();
  }, 120_000);
});
