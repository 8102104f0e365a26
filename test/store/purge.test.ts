import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinitions } from '../../src/io/surveyFiles.js';
import { effectiveAnswers } from '../../src/store/answers.js';
import { keepTypedDigits } from '../../src/store/digitTraining.js';
import type { Db } from '../../src/store/db.js';
import { PhieuError } from '../../src/errors/errorTable.js';
import { purgePersonalData, purgePlan } from '../../src/store/purge.js';
import { resultsReport } from '../../src/report/resultsReport.js';
import { setRoundClosed } from '../../src/store/retention.js';
import { beginScanFile, finishScanFile } from '../../src/store/scans.js';
import { storePage, storePlacedPage } from '../../src/ingest/storePage.js';
import { createPrintRun } from '../../src/store/printRuns.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import { OFFICIAL, personalDataFixture, resolveEverything, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const surveys = [...loadSurveyDefinitions().values()];

/** Every survey's full report and the fate of every response: what must not move when personal data goes. */
function allResults(db: Db) {
  return Object.fromEntries(
    surveys.map((survey) => {
      const { report, outcomes } = resultsReport(db, survey);
      return [survey.id, { report, outcomes: Object.fromEntries(outcomes) }];
    }),
  );
}

/** The anonymous answers: every effective answer to a question that does not identify the respondent. */
const anonymousAnswers = (db: Db) => effectiveAnswers(db).filter((a) => !['name', 'phone', 'address'].includes(a.questionId)).map(({ file: _f, ...a }) => a);

/** Everything on disk under a folder, as one buffer per file. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const file = path.join(e.parentPath, e.name);
    return { file, bytes: fs.readFileSync(file) };
  });
}

describe('the personal-data purge', () => {
  it('waits for the round to be closed and published and for the review queue of the round to be empty', async () => {
    const dataDir = tempDir();
    const { db } = await personalDataFixture(dataDir, { resolve: false });
    expect(purgePlan(db, dataDir)).toMatchObject({ allowed: false, blockers: [expect.stringMatching(/chưa được đánh dấu là đã kết thúc/)] });
    expect(() => purgePersonalData(db, dataDir, { actor: 'admin' })).toThrow(PhieuError);
    setRoundClosed(db, true, 'admin');
    expect(purgePlan(db, dataDir).blockers).toEqual([expect.stringMatching(/^Còn \d+ mục của đợt này chờ duyệt/)]);
    resolveEverything(db);
    expect(purgePlan(db, dataDir)).toMatchObject({ allowed: true, blockers: [] });
    db.close();
  });

  it('says in a dry run what would go, changing nothing; then takes out names, phones, addresses and images and leaves indices and anonymous answers identical', async () => {
    const dataDir = tempDir();
    const hotFolder = tempDir();
    const { db, names, phones, addresses } = await personalDataFixture(dataDir, { resolve: true });
    // Phone digits reviewers typed, kept to train the recogniser, spell the phone with their cells: they go too.
    const phoneItem = db.prepare(`SELECT r.id, r.page_id AS pageId, c.cell FROM review_items r JOIN clips c ON c.page_id = r.page_id AND c.question_id = r.question_id WHERE r.question_id = 'phone'`).get() as { id: number; pageId: number; cell: number };
    keepTypedDigits(db, { reviewItemId: phoneItem.id, pageId: phoneItem.pageId, questionId: 'phone', typedBy: 'giamsat' }, [{ cell: phoneItem.cell, digit: 8 }]);
    const phoneDigitSamples = () => (db.prepare(`SELECT COUNT(*) AS n FROM digit_samples d JOIN review_items r ON r.id = d.review_item_id WHERE r.question_id = 'phone'`).get() as { n: number }).n;
    expect(phoneDigitSamples()).toBe(1);
    fs.mkdirSync(path.join(hotFolder, 'archive'));
    fs.writeFileSync(path.join(hotFolder, 'archive', 'lo-1.pdf'), 'scan');
    fs.mkdirSync(path.join(dataDir, 'backups', 'old'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'backups', 'old', 'phieu.sqlite'), 'old copy');
    const before = allResults(db);
    const answersBefore = anonymousAnswers(db);
    // Something to purge is there: each kind of personal value, in the database or its files.
    const everything = () => Buffer.concat(filesUnder(dataDir).map((f) => f.bytes));
    expect(names.some((n) => everything().includes(Buffer.from(n)))).toBe(true);
    expect(phones.every((p) => everything().includes(Buffer.from(p)))).toBe(true);

    setRoundClosed(db, true, 'admin', new Date(Date.now() + 1000));
    const plan = purgePlan(db, dataDir, { hotFolder, surveys });
    expect(plan.allowed).toBe(true);
    expect(plan.counts).toMatchObject({
      registerCases: 12,
      paperForms: 6,
      electronicResponses: 2,
      rechecks: 1,
      files: { pageImages: 12, uploads: 0, registers: 1, hotFolder: 1, backups: 1 },
    });
    expect(plan.counts.personalAnswers).toBeGreaterThanOrEqual(18);
    expect(plan.counts.clips).toBeGreaterThan(0);
    expect(plan.counts.digitSamples).toBe(phoneDigitSamples());
    // A dry run changes nothing.
    expect(allResults(db)).toEqual(before);
    expect(purgePlan(db, dataDir, { hotFolder, surveys }).counts).toEqual(plan.counts);

    const done = purgePersonalData(db, dataDir, { actor: 'admin', hotFolder, surveys });
    expect(done).toEqual(plan.counts);

    expect(allResults(db)).toEqual(before);
    expect(anonymousAnswers(db)).toEqual(answersBefore);
    // The rules still see the same people: one writer over the limit, the official's own form, the denied re-check.
    const reasons = Object.values(before['one-stop'].outcomes).map((o) => (o.counted ? 'counted' : o.reason));
    expect(reasons).toEqual(expect.arrayContaining(['overPersonLimit', 'staffPhone']));
    expect(Object.values(before.sipas.outcomes).some((o) => !o.counted && o.reason === 'deniedOnRecheck')).toBe(true);

    // Not a citizen's name, phone, ID number or address is left in any file of the data folder (database and WAL
    // included). The staff list stays: it names officials, and the staff rule needs it for the next round.
    const left = filesUnder(dataDir);
    for (const value of [...names.filter((n) => n !== OFFICIAL.name), ...phones, ...addresses]) {
      const found = left.filter((f) => f.bytes.includes(Buffer.from(value))).map((f) => path.relative(dataDir, f.file));
      expect(found, value).toEqual([]);
    }
    // A phone's cell probabilities would tell its digits again.
    const phoneReads = (db.prepare(`SELECT json_extract(x.value, '$.cells') AS cells FROM pages p, json_each(p.read_json, '$.fields') x WHERE json_extract(x.value, '$.questionId') = 'phone'`).all() as { cells: string }[]).map((r) => r.cells);
    expect(phoneReads.length).toBeGreaterThan(0);
    expect(phoneReads.filter((cells) => cells.includes('probabilities'))).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'pages'))).toBe(true);
    expect(filesUnder(path.join(dataDir, 'pages'))).toEqual([]);
    expect(fs.readdirSync(path.join(hotFolder, 'archive'))).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM clips').get() as { n: number }).n).toBe(0);
    expect(phoneDigitSamples()).toBe(0);
    expect(db.prepare(`SELECT actor, action FROM audit_events WHERE action = 'purge'`).all()).toEqual([{ actor: 'admin', action: 'purge' }]);
    // The never-update rules are back once the purge is over.
    expect(() => db.prepare(`UPDATE pages SET read_json = '{}'`).run()).toThrow(/never updated/);
    expect(() => db.prepare(`UPDATE corrections SET value_json = '1'`).run()).toThrow(/append-only/);

    // A second purge finds nothing more to take.
    expect(purgePlan(db, dataDir, { hotFolder, surveys }).counts).toMatchObject({ registerCases: 0, paperForms: 0, personalAnswers: 0, electronicResponses: 0, rechecks: 0, clips: 0, digitSamples: 0 });
    db.close();
  });

  it('leaves what came in after the round was closed', async () => {
    const dataDir = tempDir();
    const { db } = await personalDataFixture(dataDir, { resolve: true });
    setRoundClosed(db, true, 'admin', new Date(Date.now() - 60 * 60 * 1000));
    expect(purgePlan(db, dataDir).counts).toMatchObject({ registerCases: 0, paperForms: 0, electronicResponses: 0, rechecks: 0, clips: 0, files: { pageImages: 0, registers: 0 } });
    db.close();
  });

  it('takes out what a page placed on a form was read as before, its earlier image and the kept copy of its scan', async () => {
    const dataDir = tempDir();
    const { db, oneStop } = await personalDataFixture(dataDir, { resolve: true });
    const layoutHash = (db.prepare('SELECT layout_hash FROM forms WHERE serial = ?').get(oneStop.serials[0]) as { layout_hash: string }).layout_hash;
    const qr = (serial: number) => ({ surveyId: 'one-stop', layoutHash, serial, page: 1, pageCount: 1 });
    const read = (serial: number, fields: FieldRead[]) => ({ kind: 'read' as const, qr: qr(serial), turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields, needsReview: false });
    // A photocopy of a form that was already in: a duplicate, read with the writer's name, its scan kept for a person.
    const sha256 = 'f'.repeat(64);
    beginScanFile(db, { sha256, name: 'ban-sao.png', size: 1, source: 'cli' }, 1);
    fs.mkdirSync(path.join(dataDir, 'pages', 'ff'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'pages', 'ff', `${sha256}-1.jpg`), 'earlier image');
    const name: FieldRead = { questionId: 'name', kind: 'text', value: WRITERS[1].name, confidence: 80, inked: true, ocrText: WRITERS[1].name, reasons: [] };
    expect(storePage(db, { sha256, pageIndex: 0, imageFile: `pages/ff/${sha256}-1.jpg`, clips: [], read: read(oneStop.serials[0], [name]) })).toBe('duplicate');
    finishScanFile(db, sha256);
    fs.mkdirSync(path.join(dataDir, 'scans'));
    fs.writeFileSync(path.join(dataDir, 'scans', `${sha256}.png`), 'kept scan');
    // A person places it on a form never scanned: it is read again as that form's page.
    const [serial] = createPrintRun(db, { layoutHash, surveyId: 'one-stop', kind: 'blank', caseCodes: [null] }).serials;
    const pageId = (db.prepare('SELECT id FROM pages WHERE file_sha256 = ?').get(sha256) as { id: number }).id;
    db.transaction(() => {
      storePlacedPage(db, { pageId, actor: 'quet', read: read(serial, [{ questionId: 'result_satisfaction', kind: 'single', boxes: [], value: ['4'], reasons: [] }]), clips: [] });
      db.prepare(`UPDATE review_items SET status = 'resolved' WHERE page_id = ?`).run(pageId);
    })();
    expect(db.prepare('SELECT outcome, serial FROM pages WHERE id = ?').get(pageId)).toEqual({ outcome: 'read', serial });
    expect(JSON.stringify(db.prepare('SELECT * FROM page_assignments').all())).toContain(WRITERS[1].name);

    setRoundClosed(db, true, 'admin', new Date(Date.now() + 1000));
    purgePersonalData(db, dataDir, { actor: 'admin', surveys });
    expect(JSON.stringify(db.prepare('SELECT * FROM page_assignments').all())).not.toContain(WRITERS[1].name);
    expect(db.prepare('SELECT original_outcome, original_image_file FROM page_assignments').get()).toEqual({ original_outcome: 'duplicate', original_image_file: null });
    expect(filesUnder(path.join(dataDir, 'scans'))).toEqual([]);
    expect(filesUnder(path.join(dataDir, 'pages'))).toEqual([]);
    db.close();
  });

  it('takes out what OCR read in a name or address kept as an image only, and keeps the words read in a comment', async () => {
    const dataDir = tempDir();
    const { db, oneStop } = await personalDataFixture(dataDir, { resolve: true });
    const layoutHash = (db.prepare('SELECT layout_hash FROM forms WHERE serial = ?').get(oneStop.serials[0]) as { layout_hash: string }).layout_hash;
    const [serial] = createPrintRun(db, { layoutHash, surveyId: 'one-stop', kind: 'blank', caseCodes: [null] }).serials;
    const kept = (questionId: string, searchText: string): FieldRead => ({ questionId, kind: 'text', value: null, confidence: 80, inked: true, searchText, reasons: [] });
    const sha256 = 'e'.repeat(64);
    beginScanFile(db, { sha256, name: 'mot-cua.png', size: 1, source: 'cli' }, 1);
    const fields = [kept('name', WRITERS[1].name), kept('address', WRITERS[1].address), kept('other_comments', 'Phải chờ lâu')];
    storePage(db, { sha256, pageIndex: 0, clips: [], read: { kind: 'read', qr: { surveyId: 'one-stop', layoutHash, serial, page: 1, pageCount: 1 }, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields, needsReview: false } });
    finishScanFile(db, sha256);
    const readOf = () => (db.prepare('SELECT read_json FROM pages WHERE file_sha256 = ?').get(sha256) as { read_json: string }).read_json;
    expect(readOf()).toContain(WRITERS[1].name);

    setRoundClosed(db, true, 'admin', new Date(Date.now() + 1000));
    purgePersonalData(db, dataDir, { actor: 'admin', surveys });
    expect(readOf()).not.toContain(WRITERS[1].name);
    expect(readOf()).not.toContain(WRITERS[1].address);
    expect(readOf()).toContain('Phải chờ lâu');
    db.close();
  });
});
