import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { sendScans } from '../../src/station/sendScans.js';
import { drawMarks } from '../support/marks.js';
import { printedScans, printedScansPdf } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, userWithRole, useTestServers, type Client } from '../support/webServer.js';

const run = promisify(execFile);
const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

/** Quick-survey scans with two answers ticked on q1, so each lands in the review queue. */
async function doubtfulScans(dataDir: string, copies: number): Promise<{ files: string[]; serials: number[] }> {
  const scans = await printedScans(dataDir, tempDir(), 'quick', copies);
  const layout = layoutForm(loadSurveyDefinition('quick'));
  for (const file of scans.files) {
    const marked = await drawMarks(fs.readFileSync(file), layout, [
      { questionId: 'q1', code: '1', kind: 'x' },
      { questionId: 'q1', code: '2', kind: 'x' },
    ]);
    fs.writeFileSync(file, marked);
  }
  return scans;
}

const openQ1Items = (serial: number) =>
  server!.ctx.db.prepare(`SELECT question_id AS questionId, reason FROM review_items WHERE serial = ? AND status = 'open' AND question_id = 'q1'`).all(serial);

describe('scans sent over HTTP', () => {
  it('reads an uploaded scan into the review queue, and a second upload of the same file changes nothing', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const scanner = await logIn(server.url);
    const { files, serials } = await doubtfulScans(dataDir, 1);
    const send = () => scanner.agent.put('/api/uploads?name=phieu-1.png&batch=Lô thử').set('X-CSRF-Token', scanner.csrf).set('Content-Type', 'application/octet-stream').send(fs.readFileSync(files[0]));
    const first = await send();
    expect(first.status).toBe(201);
    await server.ctx.scans.idle();
    expect(openQ1Items(serials[0])).toEqual([{ questionId: 'q1', reason: 'multipleAnswers' }]);
    const second = await send();
    expect(second.body.alreadyKnown).toBe(true);
    await server.ctx.scans.idle();
    expect(server.ctx.db.prepare('SELECT COUNT(*) AS n FROM pages').get()).toEqual({ n: 1 });
    const status = (await scanner.agent.get('/api/scans/status').expect(200)).body;
    expect(status.uploads[0]).toMatchObject({ name: 'phieu-1.png', batch: 'Lô thử', status: 'done' });
    // Stored under its content hash, never under the name the sender gave.
    expect(fs.readdirSync(path.join(dataDir, 'uploads')).filter((n) => !n.startsWith('.'))).toEqual([`${first.body.sha256}.png`]);
  });

  it('tells the scanning screen that each file it sent was read, or why not, once the server has read it', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const scanner = await logIn(server.url);
    const { files } = await doubtfulScans(dataDir, 1);
    const put = (name: string, body: Buffer) => scanner.agent.put(`/api/uploads?name=${name}`).set('X-CSRF-Token', scanner.csrf).set('Content-Type', 'application/octet-stream').send(body).expect(201);
    const good = (await put('phieu-1.png', fs.readFileSync(files[0]))).body;
    const broken = (await put('hong.pdf', Buffer.from('%PDF-1.4\nnot a pdf at all'))).body;
    const ids = `${good.id},${broken.id}`;
    const sent = async () => (await scanner.agent.get(`/api/uploads?ids=${ids}`).expect(200)).body.uploads as { id: number; status: string; pages: number | null; error: string | null }[];

    const before = await sent();
    expect(before.map((u) => u.id)).toEqual([good.id, broken.id]);
    for (const upload of before) expect(['queued', 'processing', 'done', 'rejected']).toContain(upload.status);
    await server.ctx.scans.idle();
    const after = await sent();
    expect(after.find((u) => u.id === good.id)).toMatchObject({ status: 'done', pages: 1, error: null });
    expect(after.find((u) => u.id === broken.id)).toMatchObject({ status: 'rejected', error: expect.stringMatching(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/) });
    // Only files this screen may see: ids are checked, not trusted.
    await scanner.agent.get('/api/uploads?ids=1;DROP').expect(400);
  });

  it('shows an uploaded scan under the name it was sent with, in the rejected files and beside its review items, never under its hash', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const scanner = await logIn(server.url);
    const { files } = await doubtfulScans(dataDir, 1);
    const put = (name: string, body: Buffer) => scanner.agent.put(`/api/uploads?name=${name}`).set('X-CSRF-Token', scanner.csrf).set('Content-Type', 'application/octet-stream').send(body).expect(201);
    await put('phieu-1.png', fs.readFileSync(files[0]));
    await put('hong.pdf', Buffer.from('%PDF-1.4\nnot a pdf at all'));
    await server.ctx.scans.idle();
    const status = (await scanner.agent.get('/api/scans/status').expect(200)).body;
    expect(status.rejectedFiles.map((f: { name: string }) => f.name)).toEqual(['hong.pdf']);
    const { items } = (await scanner.agent.post('/api/review/next').set('X-CSRF-Token', scanner.csrf).send({}).expect(200)).body;
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i: { fileName: string }) => i.fileName))).toEqual(new Set(['phieu-1.png']));
  });

  it('removes the half-written files a server stopped in the middle of an upload left behind, and keeps the files received whole', async () => {
    const dataDir = tempDir();
    const uploads = path.join(dataDir, 'uploads');
    fs.mkdirSync(uploads, { recursive: true });
    fs.writeFileSync(path.join(uploads, '.incoming-0123456789abcdef'), Buffer.alloc(4096, 1));
    const whole = `${'a'.repeat(64)}.pdf`;
    fs.writeFileSync(path.join(uploads, whole), '%PDF-1.4\n');
    server = await startServer(dataDir);
    expect(fs.readdirSync(uploads)).toEqual([whole]);
  });

  it('takes files from a scanning station by token, sends only what the server lacks on a rerun, and refuses a revoked token', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    const { body: created } = await admin.agent.post('/api/stations').set('X-CSRF-Token', admin.csrf).send({ name: 'Bưu cục Phú Hội' }).expect(201);
    const { files, serials } = await doubtfulScans(dataDir, 2);

    // The first run "drops" after one file: the rerun sends the rest and skips the one already there.
    const firstRun = await sendScans(files.slice(0, 1), { server: server.url, token: created.token, retryPauseMs: 10 });
    expect(firstRun.map((f) => f.status)).toEqual(['sent']);
    const cli = await run(process.execPath, [path.resolve('bin/phieu.js'), '--json', 'scan', '--server', server.url, '--token', created.token, ...files]);
    expect((JSON.parse(cli.stdout).files as { status: string }[]).map((f) => f.status)).toEqual(['alreadyOnServer', 'sent']);
    await server.ctx.scans.idle();
    for (const serial of serials) expect(openQ1Items(serial)).toHaveLength(1);
    expect(server.ctx.db.prepare(`SELECT DISTINCT source, batch FROM scan_files`).all()).toEqual([{ source: 'station', batch: 'Bưu cục Phú Hội' }]);

    await admin.agent.delete(`/api/stations/${created.station.id}`).set('X-CSRF-Token', admin.csrf).expect(200);
    const refused = await sendScans(files.slice(0, 1), { server: server.url, token: created.token, retryPauseMs: 10 });
    expect(refused[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('thu hồi') });
  });
});

describe('stopping the scan being read, from the scanning screen', () => {
  it('stops the file at the cancel route (scanning roles only, with the CSRF token), keeps its pages read, and reads only the rest when the file is sent again', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    const reviewer = await userWithRole(server.url, admin, 'reviewer');
    const { file, serials } = await printedScansPdf(dataDir, tempDir(), 8);
    const send = () => admin.agent.put('/api/uploads?name=lo-phieu.pdf').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(fs.readFileSync(file)).expect(201);
    const { id } = (await send()).body as { id: number };
    const pages = () => (server!.ctx.db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
    const cancel = (client: Client, csrf = client.csrf) => client.agent.post('/api/scans/cancel').set('X-CSRF-Token', csrf).send({ uploadId: id });

    // Stopped once a first page is stored, with others being read.
    for (;;) {
      const { current } = (await admin.agent.get('/api/scans/status').expect(200)).body as { current: { uploadId: number } | null };
      if (current?.uploadId === id && pages() > 0) break;
      if (server.ctx.db.prepare(`SELECT 1 FROM uploads WHERE id = ? AND status IN ('done', 'rejected')`).get(id)) throw new Error('the file was read to its end before it could be stopped');
      await sleep(100);
    }
    await cancel(reviewer).expect(403);
    await cancel(admin, 'not-the-token').expect(403);
    await cancel(admin).expect(200);
    await server.ctx.scans.idle();
    await cancel(admin).expect(409);

    const [stopped] = (await admin.agent.get(`/api/uploads?ids=${id}`).expect(200)).body.uploads as { status: string; error: string }[];
    expect(stopped).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^Đã dừng theo yêu cầu của admin sau \d+ trang; gửi lại tệp này để đọc tiếp/) });
    const kept = pages();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(8);

    await send();
    await server.ctx.scans.idle();
    const db = server.ctx.db;
    expect(db.prepare('SELECT page_index AS pageIndex, COUNT(*) AS n FROM pages GROUP BY page_index ORDER BY page_index').all()).toEqual(Array.from({ length: 8 }, (_, pageIndex) => ({ pageIndex, n: 1 })));
    expect(db.prepare("SELECT serial FROM pages WHERE outcome = 'read' ORDER BY serial").all()).toEqual(serials.map((serial) => ({ serial })));
    expect(db.prepare('SELECT status FROM uploads WHERE id = ?').get(id)).toEqual({ status: 'done' });
  }, 300_000);

  it('keeps the page limit of a file as a setting only an administrator changes, and refuses an upload past it naming its count', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    const scanner = await userWithRole(server.url, admin, 'scanner');
    expect((await scanner.agent.get('/api/scans/settings').expect(200)).body).toEqual({ maxPagesPerFile: 500 });
    await scanner.agent.put('/api/scans/settings').set('X-CSRF-Token', scanner.csrf).send({ maxPagesPerFile: 5000 }).expect(403);
    await admin.agent.put('/api/scans/settings').set('X-CSRF-Token', admin.csrf).send({ maxPagesPerFile: 0 }).expect(400);
    await admin.agent.put('/api/scans/settings').set('X-CSRF-Token', admin.csrf).send({ maxPagesPerFile: 2 }).expect(200);

    const { file } = await printedScansPdf(dataDir, tempDir(), 3);
    const { id } = (await scanner.agent.put('/api/uploads?name=ba-trang.pdf').set('X-CSRF-Token', scanner.csrf).set('Content-Type', 'application/octet-stream').send(fs.readFileSync(file)).expect(201)).body as { id: number };
    await server.ctx.scans.idle();
    const [upload] = (await scanner.agent.get(`/api/uploads?ids=${id}`).expect(200)).body.uploads as { status: string; error: string }[];
    expect(upload).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^tệp có 3 trang, vượt giới hạn 2 trang một tệp/) });
    expect(server.ctx.db.prepare('SELECT COUNT(*) AS n FROM pages').get()).toEqual({ n: 0 });
  }, 300_000);
});
