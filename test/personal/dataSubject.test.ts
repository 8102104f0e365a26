import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhieuError } from '../../src/errors/errorTable.js';
import { loadSurveyDefinitions } from '../../src/io/surveyFiles.js';
import { correctPerson, erasePersonFound, findPerson, showPerson } from '../../src/personal/dataSubject.js';
import { effectiveAnswers } from '../../src/store/answers.js';
import type { Db } from '../../src/store/db.js';
import { resultsReport } from '../../src/report/resultsReport.js';
import { HUE_S, personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const surveys = [...loadSurveyDefinitions().values()];
const WRITER = WRITERS[0];

/** The writer's records, found by the test's own SQL: forms whose read phone is hers, and electronic responses with it. */
function writerRecordsBySql(db: Db) {
  const serials = (
    db
      .prepare(`SELECT DISTINCT p.serial FROM pages p, json_each(p.read_json, '$.fields') x WHERE json_extract(x.value, '$.questionId') = 'phone' AND json_extract(x.value, '$.value') = ? ORDER BY p.serial`)
      .all(WRITER.phone) as { serial: number }[]
  ).map((r) => r.serial);
  const responseIds = (db.prepare('SELECT id FROM electronic_responses WHERE phone = ? ORDER BY id').all(WRITER.phone) as { id: number }[]).map((r) => r.id);
  return { serials, responseIds };
}

const officeIndices = (db: Db) => Object.fromEntries(surveys.map((s) => [s.id, resultsReport(db, s).report.breakdowns.office.map((g) => [g.key, g.indices.forms, g.indices.overall.satisfiedShare])]));
const countedOutcomes = (db: Db) => Object.fromEntries(surveys.map((s) => [s.id, [...resultsReport(db, s).outcomes].map(([k, o]) => [k, o.counted])]));

function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => ({ file: path.join(e.parentPath, e.name), bytes: fs.readFileSync(path.join(e.parentPath, e.name)) }));
}

describe('a data-subject request (Law 91/2025/QH15)', () => {
  it('finds a person by phone however it is written, or by name and address however spelled, across forms and electronic answers', async () => {
    const dataDir = tempDir();
    const { db } = await personalDataFixture(dataDir, { resolve: true });
    const expected = writerRecordsBySql(db);
    expect(expected.serials.length).toBe(4);
    expect(expected.responseIds.length).toBe(1);
    const byPhone = findPerson(db, { phone: '+84 935 246 810' }, surveys);
    expect(byPhone).toEqual({ caseCodes: [], serials: expected.serials, responseIds: expected.responseIds });
    const byName = findPerson(db, { name: '  LÊ THỊ   hồng nhung ', address: '27 Nguyễn Huệ ,  phường Vĩnh Ninh' }, surveys);
    expect(byName).toEqual(byPhone);
    // A name alone is many people's: refused; a Hue-S citizen is found by the phone on the response.
    expect(() => findPerson(db, { name: WRITER.name }, surveys)).toThrow(/Cần số điện thoại, họ tên hoặc mã hồ sơ/);
    expect(findPerson(db, { phone: HUE_S.phone }, surveys).responseIds).toHaveLength(1);
    expect(() => findPerson(db, { phone: '0909' }, surveys)).toThrow(PhieuError);
    db.close();
  });

  it('finds a register person by case code with their register row, sample list place, forms and re-check, and audits the showing', async () => {
    const dataDir = tempDir();
    const { db, sipas } = await personalDataFixture(dataDir, { resolve: true });
    const [serial] = sipas.serials;
    const { case_code: caseCode } = db.prepare('SELECT case_code FROM forms WHERE serial = ?').get(serial) as { case_code: string };
    const person = db.prepare('SELECT name, phone FROM register_cases WHERE case_code = ?').get(caseCode) as { name: string; phone: string };
    db.prepare(`INSERT INTO draws (id, seed, params_json, actor) VALUES (1, 's', '{}', 'kehoach')`).run();
    db.prepare(`INSERT INTO sample_members (draw_id, office_code, list, position, case_code, in_sample) SELECT 1, office_code, 'official', 1, case_code, 1 FROM register_cases WHERE case_code = ?`).run(caseCode);
    const { records } = showPerson(db, { name: person.name.toUpperCase(), caseCode }, 'kehoach', surveys);
    expect(records.registerCases).toEqual([expect.objectContaining({ caseCode, name: person.name, phone: person.phone })]);
    expect(records.sampleMembers).toEqual([expect.objectContaining({ drawId: 1, caseCode, list: 'official', inSample: true })]);
    expect(records.forms.map((f) => f.serial)).toContain(serial);
    expect(records.rechecks).toEqual([expect.objectContaining({ serial, phone: person.phone })]);
    expect(records.pageImages.filter((p) => p.serial === serial)).toHaveLength(2);
    // A wrong name for the case finds nothing.
    expect(() => findPerson(db, { name: 'Người Khác', caseCode }, surveys)).toThrow(/Không tìm thấy/);
    const audited = db.prepare(`SELECT actor, detail_json FROM audit_events WHERE action = 'personal.viewed' ORDER BY id DESC`).get() as { actor: string; detail_json: string };
    expect([audited.actor, JSON.parse(audited.detail_json).caseCodes]).toEqual(['kehoach', [caseCode]]);
    db.close();
  });

  it('corrects a register field and a form answer at the person\'s request, each audited, the read kept apart', async () => {
    const dataDir = tempDir();
    const { db, sipas } = await personalDataFixture(dataDir, { resolve: true });
    const { case_code: caseCode } = db.prepare('SELECT case_code FROM forms WHERE serial = ?').get(sipas.serials[0]) as { case_code: string };
    correctPerson(db, { caseCode }, { caseCode, field: 'phone', value: '0905 111 222' }, 'kehoach', surveys);
    expect(db.prepare('SELECT phone FROM register_cases WHERE case_code = ?').get(caseCode)).toEqual({ phone: '0905111222' });
    const [serial] = writerRecordsBySql(db).serials;
    correctPerson(db, { phone: WRITER.phone }, { serial, questionId: 'address', value: '29 Nguyễn Huệ, phường Vĩnh Ninh' }, 'kehoach', surveys);
    expect(effectiveAnswers(db).find((a) => a.serial === serial && a.questionId === 'address')).toMatchObject({ value: '29 Nguyễn Huệ, phường Vĩnh Ninh', state: 'corrected' });
    expect(() => correctPerson(db, { phone: WRITER.phone }, { serial: sipas.serials[1], questionId: 'address', value: 'x' }, 'kehoach', surveys)).toThrow(/không thuộc dữ liệu của người này/);
    const events = db.prepare(`SELECT actor, detail_json FROM audit_events WHERE action = 'personal.corrected' ORDER BY id`).all() as { actor: string; detail_json: string }[];
    expect(events.map((e) => [e.actor, JSON.parse(e.detail_json)])).toEqual([
      ['kehoach', { caseCode, field: 'phone' }],
      ['kehoach', { serial, questionId: 'address' }],
    ]);
    db.close();
  });

  it('erases the person everywhere — reads, corrections, typed digits, clips, page images, electronic answers — audited, with every office index unchanged', async () => {
    const dataDir = tempDir();
    const { db } = await personalDataFixture(dataDir, { resolve: true });
    const { serials, responseIds } = writerRecordsBySql(db);
    // A typed digit of her phone, as the review screen keeps them for retraining.
    const item = db.prepare(`SELECT r.id, r.page_id FROM review_items r WHERE r.serial = ? AND r.question_id = 'phone'`).get(serials[1]) as { id: number; page_id: number } | undefined;
    const itemId = item?.id ?? Number(db.prepare(`INSERT INTO review_items (page_id, serial, question_id, reason, status) SELECT id, serial, 'phone', 'doubtfulDigit', 'resolved' FROM pages WHERE serial = ?`).run(serials[1]).lastInsertRowid);
    db.prepare(`INSERT INTO digit_samples (review_item_id, cell, digit, png, typed_by) VALUES (?, 9, 0, x'89504e47', 'nhaplieu') ON CONFLICT DO NOTHING`).run(itemId);
    const digitsOfOthers = (db.prepare('SELECT COUNT(*) AS n FROM digit_samples d JOIN review_items r ON r.id = d.review_item_id WHERE r.serial NOT IN (SELECT value FROM json_each(?))').get(JSON.stringify(serials)) as { n: number }).n;
    const indicesBefore = officeIndices(db);
    const outcomesBefore = countedOutcomes(db);
    const otherNameBefore = effectiveAnswers(db).filter((a) => a.questionId === 'name' && a.value === WRITERS[1].name).length;
    expect(otherNameBefore).toBe(1);

    const { erased, scope } = erasePersonFound(db, dataDir, { phone: WRITER.phone }, 'quantri', surveys);
    expect(scope.serials).toEqual(serials);
    expect(erased).toMatchObject({ paperForms: 4, electronicResponses: 1, pageImages: 4 });
    expect(erased.digitSamples).toBeGreaterThanOrEqual(1);

    expect(officeIndices(db)).toEqual(indicesBefore);
    expect(countedOutcomes(db)).toEqual(outcomesBefore);
    const left = (db.prepare('SELECT COUNT(*) AS n FROM digit_samples d JOIN review_items r ON r.id = d.review_item_id WHERE r.serial IN (SELECT value FROM json_each(?))').get(JSON.stringify(serials)) as { n: number }).n;
    expect(left).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM digit_samples').get() as { n: number }).n).toBe(digitsOfOthers);
    expect((db.prepare('SELECT COUNT(*) AS n FROM clips c JOIN pages p ON p.id = c.page_id WHERE p.serial IN (SELECT value FROM json_each(?))').get(JSON.stringify(serials)) as { n: number }).n).toBe(0);
    // Her name, phone and address are in no file of the data folder; the other writer's name is still held.
    for (const value of [WRITER.name, WRITER.phone, WRITER.address]) {
      expect(filesUnder(dataDir).filter((f) => f.bytes.includes(Buffer.from(value))).map((f) => path.relative(dataDir, f.file)), value).toEqual([]);
    }
    expect(effectiveAnswers(db).filter((a) => a.questionId === 'name' && a.value === WRITERS[1].name)).toHaveLength(otherNameBefore);
    expect(() => findPerson(db, { phone: WRITER.phone }, surveys)).toThrow(/Không tìm thấy/);
    const audited = db.prepare(`SELECT actor, detail_json FROM audit_events WHERE action = 'personal.erased'`).get() as { actor: string; detail_json: string };
    expect([audited.actor, JSON.parse(audited.detail_json)]).toEqual(['quantri', expect.objectContaining({ serials, responses: responseIds })]);
    db.close();
  });

  it('refuses to erase while an item of the person\'s forms waits for review', async () => {
    const dataDir = tempDir();
    const { db } = await personalDataFixture(dataDir, { resolve: false });
    expect(() => erasePersonFound(db, dataDir, { phone: WRITER.phone }, 'quantri', surveys)).toThrow(/chờ duyệt/);
    db.close();
  });
});
