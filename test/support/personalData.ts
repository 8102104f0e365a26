import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { PAGE } from '../../src/layout/pageGeometry.js';
import type { FormLayout, Rect } from '../../src/layout/types.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import { decide } from '../../src/review/queue.js';
import { fieldRect } from '../../src/review/layouts.js';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { beginScanFile, finishScanFile } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';
import { layoutForm } from '../../src/layout/layoutForm.js';

/** Stored page images are upright at this resolution (src/ingest/processPage.ts). */
export const PAGE_PIXELS_PER_POINT = 110 / 72;

/** Respondents of the blank one-stop forms: what they wrote as name, phone and address. */
export const WRITERS = [
  { name: 'Lê Thị Hồng Nhung', phone: '0935246810', address: '27 Nguyễn Huệ, phường Vĩnh Ninh' },
  { name: 'Phan Văn Khải Hoàn', phone: '0978112233', address: '5 kiệt 14 Chi Lăng, phường Phú Hội' },
] as const;
/** An official who filled in a form himself: his phone is on the staff list. */
export const OFFICIAL = { name: 'Trần Công Thành', phone: '0911000111', address: '1 Lê Lợi, phường Phú Hội' } as const;
/** A citizen who answered on Hue-S. */
export const HUE_S = { phone: '0987654321', idNumber: '046190001234', account: 'nguoidan.hue01' } as const;

export interface PersonalFixture {
  db: Db;
  /** Names, phone numbers and addresses that must never reach a role, report or export not meant for them. */
  names: string[];
  phones: string[];
  addresses: string[];
  oneStop: { layout: FormLayout; serials: number[] };
  sipas: { layout: FormLayout; serials: number[] };
  officeCode: string;
}

/**
 * A data folder holding every kind of personal data phieu keeps: a register (names, phones, addresses) imported from
 * its file, personalised SIPAS forms (their page images show the printed name), blank one-stop forms whose name,
 * phone and address fields were read (OCR text, digit cells, clips, page images) and corrected by reviewers (double
 * entry, audit trail), a staff member's phone, a Hue-S response with phone, ID number and account, a re-check. One
 * person answers four times in one year, so the per-person limit is at work; an official's own form is excluded.
 * With `resolve`, every review item is decided as a reviewer would.
 */
export async function personalDataFixture(dataDir: string, options: { resolve: boolean }): Promise<PersonalFixture> {
  loadOrCreateSecret(dataDir);
  const db = openDatabase(dataDir);
  const cases = generateDemoRegister({ seed: 'personal data', offices: [{ name: 'UBND phường Phú Hội', cases: 12, area: 'phường Phú Hội, thành phố Huế' }], year: 2024 });
  const registerFile = path.join(dataDir, 'registers', 'so-ho-so-2024.csv');
  fs.mkdirSync(path.dirname(registerFile), { recursive: true });
  fs.writeFileSync(registerFile, registerCsv(cases));
  await importRegister(db, registerFile, { actor: 'kehoach' });
  const officeCode = (db.prepare('SELECT code FROM offices').get() as { code: string }).code;
  const people = cases.filter((c) => c.kind === 'individual' && c.phone && c.name && c.address);

  const staffImport = Number(db.prepare(`INSERT INTO staff_imports (file_name, sha256, rows_read, rows_kept, rows_bad, actor) VALUES ('can-bo.csv', 'staff', 1, 1, 0, 'kehoach')`).run().lastInsertRowid);
  db.prepare('INSERT INTO staff_members (name, office_name, phone, import_id) VALUES (?, ?, ?, ?)').run(OFFICIAL.name, 'UBND phường Phú Hội', OFFICIAL.phone, staffImport);

  const sipas = printed(db, 'sipas', officeCode, people.slice(0, 3).map((p) => p.caseCode));
  const oneStop = printed(db, 'one-stop', officeCode, Array(5).fill(null));

  for (const [i, serial] of sipas.serials.entries()) {
    const answers = ['5', '4', '4', '3', '2', '4', '5', '4', '4', '5', '4', '4', '3', '4', '4'];
    const ids = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1', 'c2', 'c3', 'c4', 'd1', 'd2', 'e1', 'e2', 'e3'];
    const page1: FieldRead[] = ids.map((id, k) => choice(id, 'scale', [answers[(k + i) % answers.length]]));
    page1.push(choice('gender', 'single', [String(1 + (i % 2))]), choice('age', 'single', ['3']));
    // A faint mark on the first copy: an item for a reviewer on the page that shows the printed name.
    if (i === 0) page1[1] = { ...page1[1], reasons: ['marginalMark'] } as FieldRead;
    await scanned(db, dataDir, sipas.layout, serial, 1, filterToPage(sipas.layout, 1, page1));
    const page2 = [choice('overall', 'scale', [String(3 + (i % 3))]), text('comment', 'Cần thêm chỗ ngồi chờ', 'handwriting'), choice('education', 'single', ['5']), choice('occupation', 'single', ['4'])];
    await scanned(db, dataDir, sipas.layout, serial, 2, filterToPage(sipas.layout, 2, [...page1, ...page2]));
  }

  // The first writer answers four times in March 2024 (the fourth is over the limit of three), the second once,
  // and the official once with his own phone number.
  const oneStopWriters = [WRITERS[0], WRITERS[0], WRITERS[0], WRITERS[0], OFFICIAL];
  for (const [i, serial] of oneStop.serials.entries()) {
    const w = oneStopWriters[i];
    const fields: FieldRead[] = [
      text('name', w.name, 'handwriting'),
      digits('phone', w.phone, i === 1 ? ['doubtfulDigit'] : []),
      text('address', w.address, 'handwriting'),
      text('procedure', 'Chứng thực bản sao', 'handwriting'),
      choice('result_satisfaction', 'single', [String(5 - (i % 3))]),
      text('staff', 'Nguyễn Văn Bình', 'handwriting'),
      choice('staff_satisfaction', 'single', [String(4 - (i % 2))]),
      text('dissatisfaction', '', null),
      text('other_comments', 'Nhân viên nhiệt tình', 'handwriting'),
      digits('date', `0${i + 1}/03/2024`, []),
    ];
    await scanned(db, dataDir, oneStop.layout, serial, 1, fields);
  }
  // The second writer's form: a sixth copy, scanned later.
  const extra = printed(db, 'one-stop', officeCode, [null]);
  oneStop.serials.push(extra.serials[0]);
  await scanned(db, dataDir, oneStop.layout, extra.serials[0], 1, [
    text('name', WRITERS[1].name, 'handwriting'),
    digits('phone', WRITERS[1].phone, []),
    text('address', WRITERS[1].address, 'handwriting'),
    choice('result_satisfaction', 'single', ['2']),
    choice('staff_satisfaction', 'single', ['1']),
    digits('date', '20/03/2024', []),
  ]);

  const importId = Number(
    db
      .prepare(
        `INSERT INTO electronic_imports (file_name, sha256, mapping_id, source, source_name, survey_id, mapping_json, rows_read, rows_kept, rows_bad, already_known, actor)
         VALUES ('hue-s.csv', 'hues', 'hue-s', 'hue-s', 'Hue-S', 'sipas', '{}', 2, 2, 0, 0, 'kehoach')`,
      )
      .run().lastInsertRowid,
  );
  const electronic = db.prepare(
    `INSERT INTO electronic_responses (source, external_id, survey_id, office_code, case_code, phone, id_number, account, device, submitted_at, answers_json, import_id)
     VALUES ('hue-s', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  electronic.run('HS-1', 'sipas', officeCode, people[3].caseCode, HUE_S.phone, HUE_S.idNumber, HUE_S.account, 'android-7f3a', '2024-03-12T09:30:00', JSON.stringify({ a1: ['4'], a2: ['5'], b1: ['4'], c1: ['5'], overall: ['4'] }), importId);
  // The first writer again, on Hue-S: one person across channels.
  electronic.run('HS-2', 'one-stop', officeCode, null, WRITERS[0].phone, null, null, null, '2024-03-25T10:00:00', JSON.stringify({ result_satisfaction: ['4'], staff_satisfaction: ['5'], name: WRITERS[0].name, phone: WRITERS[0].phone }), importId);

  db.prepare(`INSERT INTO rechecks (serial, phone, outcome) VALUES (?, ?, 'denied')`).run(sipas.serials[0], people[0].phone);

  if (options.resolve) resolveEverything(db);
  const names = [...people.map((p) => p.name!), ...WRITERS.map((w) => w.name), OFFICIAL.name];
  const phones = [...people.map((p) => p.phone!), ...WRITERS.map((w) => w.phone), HUE_S.phone, HUE_S.idNumber];
  const addresses = [...people.map((p) => p.address!), ...WRITERS.map((w) => w.address)];
  return { db, names, phones, addresses, oneStop, sipas, officeCode };
}

/** Every open item decided by a supervisor: personal fields keyed as written, the rest confirmed. */
export function resolveEverything(db: Db): void {
  const items = db.prepare(`SELECT r.id, r.serial, r.question_id FROM review_items r WHERE r.status != 'resolved' AND r.question_id IS NOT NULL`).all() as { id: number; serial: number; question_id: string }[];
  for (const item of items) {
    const read = db.prepare(`SELECT read_json FROM pages WHERE serial = ? AND outcome = 'read' AND json_extract(read_json, '$.fields') LIKE ?`).get(item.serial, `%"${item.question_id}"%`) as { read_json: string };
    const field = (JSON.parse(read.read_json) as { fields: FieldRead[] }).fields.find((f) => f.questionId === item.question_id)!;
    decide(db, { itemId: item.id, actor: 'giamsat', supervisor: true, value: field.value ?? '' });
  }
}

function printed(db: Db, surveyId: string, officeCode: string, caseCodes: (string | null)[]) {
  const survey = loadSurveyDefinition(surveyId);
  const layout = layoutForm(survey);
  saveLayout(db, survey, layout);
  const run = createPrintRun(db, { layoutHash: layout.hash, surveyId, kind: caseCodes.some(Boolean) ? 'personalised' : 'blank', officeCode, caseCodes });
  return { layout, serials: run.serials };
}

const choice = (questionId: string, kind: 'single' | 'scale', value: string[]): FieldRead => ({ questionId, kind, boxes: [], value, reasons: [] });

function text(questionId: string, value: string, reason: 'handwriting' | null): FieldRead {
  if (!value) return { questionId, kind: 'text', value: '', confidence: null, inked: false, reasons: [] };
  return { questionId, kind: 'text', value, confidence: 74, inked: true, ocrText: value, reasons: reason ? [reason] : [] };
}

/**
 * A digit field's read. A sure phone keeps each cell's probabilities, and a doubtful one the candidates offered to
 * the reviewer, as the reader and the register leave them: both tell the number and must go with it.
 */
function digits(questionId: 'phone' | 'date', value: string, reasons: ('doubtfulDigit' | 'badPhone')[]): FieldRead {
  const phone = questionId === 'phone';
  const cells = [...value.replace(/\D/g, '')].map((d) => ({
    state: 'written' as const,
    digit: d,
    confidence: reasons.length ? 0.6 : 0.99,
    ...(phone && !reasons.length ? { probabilities: Array.from({ length: 10 }, (_, i) => (String(i) === d ? 0.991 : 0.001)) } : {}),
  }));
  const candidates = phone && reasons.length ? { candidates: [value] } : {};
  return { questionId, kind: phone ? 'digits' : 'date', value, cells, confidence: reasons.length ? 0.6 : 0.99, reasons, ...candidates };
}

function filterToPage(layout: FormLayout, page: number, fields: FieldRead[]): FieldRead[] {
  const onPage = new Set(layout.fields.filter((f) => f.page === page).map((f) => f.questionId));
  return fields.filter((f) => onPage.has(f.questionId));
}

/**
 * Stores a read page as the ingest does: a page image (upright, 110 dpi) on which every field and printed slot of
 * the page is inked black — so whatever is painted over can be told apart from what is not — and a clip per
 * handwritten field.
 */
async function scanned(db: Db, dataDir: string, layout: FormLayout, serial: number, page: number, fields: FieldRead[]): Promise<void> {
  const sha256 = createHash('sha256').update(`personal/${serial}/${page}`).digest('hex');
  const imageFile = path.join('pages', sha256.slice(0, 2), `${sha256}-1.jpg`);
  const zones: Rect[] = [...layout.fields.filter((f) => f.page === page).map(fieldRect), ...layout.slots.filter((s) => s.page === page && s.name !== 'serial').map((s) => s.rect)];
  const k = PAGE_PIXELS_PER_POINT;
  const width = Math.round(PAGE.width * k);
  const height = Math.round(PAGE.height * k);
  const ink = zones.map((z) => ({
    input: { create: { width: Math.max(1, Math.round(z.w * k)), height: Math.max(1, Math.round(z.h * k)), channels: 3 as const, background: '#000000' } },
    left: Math.round(z.x * k),
    top: Math.round(z.y * k),
  }));
  fs.mkdirSync(path.join(dataDir, path.dirname(imageFile)), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(ink).jpeg({ quality: 90 }).toFile(path.join(dataDir, imageFile));
  const clipPng = await sharp({ create: { width: 120, height: 40, channels: 3, background: '#222222' } }).png().toBuffer();
  const clips = fields.filter((f) => f.kind === 'text' || f.kind === 'digits' || f.kind === 'date').map((f) => ({ questionId: f.questionId, cell: -1, png: new Uint8Array(clipPng) }));
  beginScanFile(db, { sha256, name: `may-quet-${serial}-${page}.pdf`, size: 1, source: 'cli' }, 1);
  storePage(db, {
    sha256,
    pageIndex: 0,
    imageFile,
    clips,
    read: {
      kind: 'read',
      qr: { surveyId: layout.surveyId, layoutHash: layout.hash, serial, page, pageCount: layout.pages.length },
      turned: false,
      scale: 1,
      transform: [k, 0, 0, 0, k, 0, 0, 0, 1],
      quarterTurned: false,
      fields,
      needsReview: fields.some((f) => f.reasons.length > 0),
    },
  });
  finishScanFile(db, sha256);
}
