import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/review/queue.js';
import { FIELD_REASON_LABELS } from '../../src/review/reasonLabels.js';
import { openDatabase } from '../../src/store/db.js';
import { beginScanFile, PAGE_OUTCOME_LABELS } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';
import { printedForms, scannedPage } from '../results/paperForms.js';
import { useTempDir } from '../support/tempDir.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/phieu.js');
const tempDir = useTempDir();

type Read = Parameters<typeof scannedPage>[2];

describe('phieu review stats', () => {
  it('prints the forms read and the open items by queue and by reason, as the items stored say', async () => {
    const data = tempDir();
    const db = openDatabase(data);
    const sipas = printedForms(db, 'sipas', { officeCode: 'PH', caseCodes: ['C-1', 'C-2', 'C-3'] });
    const oneStop = printedForms(db, 'one-stop', { officeCode: 'PH', caseCodes: [null, null] });
    const kinds = new Map([...sipas.survey.sections, ...oneStop.survey.sections].flatMap((s) => s.questions.map((q) => [q.id, q.kind] as const)));
    // What each scanned page holds: '?' is a doubtful mark, 'handwriting' a written field waiting for a person.
    const pages: { survey: typeof sipas; serial: number; page: number; reads: Read }[] = [
      { survey: sipas, serial: sipas.serials[0], page: 1, reads: { a1: '?', a2: '?', a3: ['4'] } },
      { survey: sipas, serial: sipas.serials[0], page: 2, reads: { overall: ['4'], comment: 'handwriting' } },
      { survey: sipas, serial: sipas.serials[1], page: 1, reads: { a1: ['5'], b1: '?' } },
      { survey: sipas, serial: sipas.serials[1], page: 2, reads: { overall: '?', comment: 'handwriting' } },
      { survey: sipas, serial: sipas.serials[2], page: 1, reads: { a1: ['3'] } },
      { survey: oneStop, serial: oneStop.serials[0], page: 1, reads: { name: 'handwriting', phone: 'handwriting', address: 'handwriting', result_satisfaction: ['5'], other_comments: 'handwriting' } },
      { survey: oneStop, serial: oneStop.serials[1], page: 1, reads: { date: 'handwriting', result_satisfaction: '?', name: 'image', other_comments: 'image' } },
    ];
    for (const p of pages) scannedPage(db, { surveyId: p.survey.survey.id, layoutHash: p.survey.layoutHash, serial: p.serial, page: p.page, pageCount: p.survey.pageCount }, p.reads);
    // A page with no code: a counting item of its own, tied to no form.
    beginScanFile(db, { sha256: 'f'.repeat(64), name: 'trang-la.pdf', size: 1, source: 'cli' }, 1);
    storePage(db, { sha256: 'f'.repeat(64), pageIndex: 0, clips: [], read: { kind: 'unreadable', reason: 'noCode', message: 'no code' } });
    // Two items decided: they are no longer open.
    const decided = [
      { serial: sipas.serials[0], questionId: 'a1', value: ['4'] },
      { serial: oneStop.serials[0], questionId: 'other_comments', value: 'Tốt' },
    ];
    for (const d of decided) {
      const { id } = db.prepare('SELECT id FROM review_items WHERE serial = ? AND question_id = ?').get(d.serial, d.questionId) as { id: number };
      decide(db, { itemId: id, actor: 'giamsat', supervisor: true, value: d.value });
    }
    db.close();

    // The figures, from the pages above: free text is transcription, everything else counting.
    const open = pages.flatMap((p) =>
      Object.entries(p.reads)
        .filter(([, read]) => read === '?' || read === 'handwriting')
        .filter(([questionId]) => !decided.some((d) => d.serial === p.serial && d.questionId === questionId))
        .map(([questionId, read]) => ({ queue: kinds.get(questionId) === 'text' ? 'transcription' : 'counting', reason: read === '?' ? 'marginalMark' : 'handwriting' })),
    );
    open.push({ queue: 'counting', reason: 'unreadable' });
    const byReason: Record<string, number> = {};
    for (const item of open) byReason[item.reason] = (byReason[item.reason] ?? 0) + 1;
    const expected = {
      forms: new Set(pages.map((p) => p.serial)).size,
      open: { counting: open.filter((i) => i.queue === 'counting').length, transcription: open.filter((i) => i.queue === 'transcription').length },
      byReason,
      keptAsImages: pages.flatMap((p) => Object.values(p.reads)).filter((read) => read === 'image').length,
    };
    expect(expected).toEqual({ forms: 5, open: { counting: 7, transcription: 4 }, byReason: { marginalMark: 4, handwriting: 6, unreadable: 1 }, keptAsImages: 2 });

    const { stdout } = await run(process.execPath, [BIN, '--data', data, 'review', 'stats', '--json']);
    const printed = JSON.parse(stdout);
    expect(printed).toEqual(expected);
    expect(Object.keys(printed)).toEqual(['forms', 'open', 'byReason', 'keptAsImages']);

    const { stdout: forPeople } = await run(process.execPath, [BIN, '--data', data, 'review', 'stats']);
    expect(forPeople).toContain('5 phiếu đã đọc');
    expect(forPeople).toMatch(/7 mục ảnh hưởng kết quả/);
    expect(forPeople).toMatch(/4 mục chép chữ/);
    // Written answers nobody types are not work left, but the office learns they are there to read.
    expect(forPeople).toContain('2 câu trả lời viết tay giữ dạng ảnh');
    // The reasons are named as the review screen names them, not by their codes.
    const reasonLines = forPeople.split('\n').slice(forPeople.split('\n').indexOf('Theo lý do:') + 1).filter(Boolean);
    expect(reasonLines.length).toBeGreaterThan(0);
    for (const line of reasonLines) expect([...Object.values(FIELD_REASON_LABELS), ...Object.values(PAGE_OUTCOME_LABELS)]).toContain(line.trim().split(':')[0]);
  });
});
