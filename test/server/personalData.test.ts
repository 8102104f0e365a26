import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PAGE } from '../../src/layout/pageGeometry.js';
import type { Rect } from '../../src/layout/types.js';
import { fieldRect } from '../../src/review/layouts.js';
import { beginScanFile, finishScanFile } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { PAGE_PIXELS_PER_POINT, personalDataFixture, WRITERS, type PersonalFixture } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

async function setUp(before?: (fixture: PersonalFixture, dataDir: string) => Promise<void>) {
  const dataDir = tempDir();
  const fixture = await personalDataFixture(dataDir, { resolve: false });
  await before?.(fixture, dataDir);
  fixture.db.close();
  server = await startServer(dataDir);
  const admin = await logIn(server.url);
  const clients: Record<string, Client> = { admin };
  for (const role of ['planner', 'supervisor', 'reviewer', 'scanner']) clients[role] = await userWithRole(server.url, admin, role);
  return { fixture, clients };
}

/** Whether any of the fixture's names, phone numbers or addresses is in a body. */
function personalIn(text: string, fixture: PersonalFixture): string[] {
  return [...fixture.names, ...fixture.phones, ...fixture.addresses].filter((v) => text.includes(v));
}

/** A response body as bytes (images). */
const getBinary = (client: Client, url: string) =>
  client.agent
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200)
    .then((r) => r.body as Buffer);

/** The darkest pixel of a zone of a stored-resolution page image, and whether the zone is painted over uniformly. */
async function zoneOf(image: Buffer, zone: Rect): Promise<{ darkest: number; paintedOver: boolean }> {
  const k = PAGE_PIXELS_PER_POINT;
  // A little inside the zone, so JPEG ringing at its edges does not count.
  const region = { left: Math.round(zone.x * k) + 3, top: Math.round(zone.y * k) + 3, width: Math.round(zone.w * k) - 6, height: Math.max(2, Math.round(zone.h * k) - 6) };
  const { data } = await sharp(image).extract(region).greyscale().raw().toBuffer({ resolveWithObject: true });
  const values = [...data];
  const darkest = Math.min(...values);
  return { darkest, paintedOver: darkest > 170 && Math.max(...values) < 230 };
}

describe('personal data over HTTP, role by role', () => {
  it('shows the name, phone and address answers of a form to planners and administrators only; supervisors see them hidden, reviewers and scanners not at all', async () => {
    const { fixture, clients } = await setUp();
    const serial = fixture.oneStop.serials[0];
    for (const role of ['admin', 'planner']) {
      const { body, text } = await clients[role].agent.get(`/api/forms/${serial}`).expect(200);
      const byId = Object.fromEntries(body.answers.map((a: { questionId: string }) => [a.questionId, a]));
      expect(byId.name).toMatchObject({ personal: 'name', effective: WRITERS[0].name });
      expect(byId.phone).toMatchObject({ personal: 'phone', effective: WRITERS[0].phone });
      expect(personalIn(text, fixture)).not.toEqual([]);
    }
    const { body, text } = await clients.supervisor.agent.get(`/api/forms/${serial}`).expect(200);
    expect(personalIn(text, fixture)).toEqual([]);
    const byId = Object.fromEntries(body.answers.map((a: { questionId: string }) => [a.questionId, a]));
    expect(byId.name).toMatchObject({ hidden: true, original: null, effective: null });
    expect(byId.phone).toMatchObject({ hidden: true, effective: null });
    // The rest of the form is there for the supervisor.
    expect(byId.result_satisfaction.effective).toEqual(['5']);
    expect(byId.other_comments.effective).toBe('Nhân viên nhiệt tình');
    await clients.reviewer.agent.get(`/api/forms/${serial}`).expect(403);
    await clients.scanner.agent.get(`/api/forms/${serial}`).expect(403);
  });

  it('shows a reviewer the phone number only on the phone item they hold, with every other name, phone and address on the page painted over', async () => {
    const { fixture, clients } = await setUp();
    const { reviewer, admin } = clients;
    const fields = Object.fromEntries(fixture.oneStop.layout.fields.map((f) => [f.questionId, fieldRect(f)]));
    // Names, addresses and comments are text to type: the transcription queue.
    const next = (client: Client, questionId: string) =>
      client.agent
        .post('/api/review/next')
        .set('X-CSRF-Token', client.csrf)
        .send({ filter: { questionId }, count: 1, reviewQueue: questionId === 'phone' ? 'counting' : 'transcription' })
        .expect(200)
        .then((r) => r.body.items[0]);
    const page = (client: Client, id: number) => getBinary(client, `/api/review/items/${id}/page`);

    const phoneItem = await next(reviewer, 'phone');
    expect(phoneItem).toMatchObject({ questionId: 'phone', read: { value: WRITERS[0].phone } });
    const phonePage = await page(reviewer, phoneItem.id);
    expect(await zoneOf(phonePage, fields.phone)).toMatchObject({ paintedOver: false });
    expect((await zoneOf(phonePage, fields.phone)).darkest).toBeLessThan(60);
    expect(await zoneOf(phonePage, fields.name)).toMatchObject({ paintedOver: true });
    expect(await zoneOf(phonePage, fields.address)).toMatchObject({ paintedOver: true });
    // Questions about the service stay in view.
    expect((await zoneOf(phonePage, fields.result_satisfaction)).darkest).toBeLessThan(60);

    const commentItem = await next(reviewer, 'other_comments');
    const { text: itemJson } = await reviewer.agent.get(`/api/review/items/${commentItem.id}`).expect(200);
    expect(personalIn(itemJson, fixture)).toEqual([]);
    const commentPage = await page(reviewer, commentItem.id);
    for (const zone of [fields.name, fields.phone, fields.address]) expect(await zoneOf(commentPage, zone)).toMatchObject({ paintedOver: true });
    expect((await zoneOf(commentPage, fields.other_comments)).darkest).toBeLessThan(60);
    // An item the reviewer does not hold shows nothing at all.
    const notTheirs = await next(admin, 'address');
    await reviewer.agent.get(`/api/review/items/${notTheirs.id}/page`).expect(403);
    await reviewer.agent.get(`/api/review/items/${notTheirs.id}/clip`).expect(403);

    // An administrator (personal-data role) sees the page as scanned.
    const adminItem = await next(admin, 'name');
    const adminPage = await page(admin, adminItem.id);
    for (const zone of [fields.name, fields.phone, fields.address]) expect(await zoneOf(adminPage, zone)).toMatchObject({ paintedOver: false });
  });

  it('lets a supervisor look at any item, but at a name, phone or address field only when they hold it', async () => {
    const { clients } = await setUp();
    const { supervisor, admin } = clients;
    const itemOf = (questionId: string) => (server!.ctx.db.prepare(`SELECT id FROM review_items WHERE question_id = ? ORDER BY id LIMIT 1`).get(questionId) as { id: number }).id;
    const phone = itemOf('phone');
    const comment = itemOf('other_comments');
    await supervisor.agent.get(`/api/review/items/${comment}`).expect(200);
    await supervisor.agent.get(`/api/review/items/${comment}/clip`).expect(200);
    await supervisor.agent.get(`/api/review/items/${phone}`).expect(403);
    await supervisor.agent.get(`/api/review/items/${phone}/clip`).expect(403);
    await admin.agent.get(`/api/review/items/${phone}/clip`).expect(200);
    const claimed = (await supervisor.agent.post('/api/review/next').set('X-CSRF-Token', supervisor.csrf).send({ filter: { questionId: 'phone' }, count: 1 }).expect(200)).body.items[0];
    await supervisor.agent.get(`/api/review/items/${claimed.id}/clip`).expect(200);
  });

  it('paints over the printed name of a personalised copy on the page a reviewer sees', async () => {
    const { fixture, clients } = await setUp();
    const { reviewer } = clients;
    const nameSlot = fixture.sipas.layout.slots.find((s) => s.name === 'name')!;
    const markItem = (await reviewer.agent.post('/api/review/next').set('X-CSRF-Token', reviewer.csrf).send({ filter: { questionId: 'a2' }, count: 1 }).expect(200)).body.items[0];
    expect(markItem.pageNumber).toBe(nameSlot.page);
    const image = await getBinary(reviewer, `/api/review/items/${markItem.id}/page`);
    expect(await zoneOf(image, nameSlot.rect)).toMatchObject({ paintedOver: true });
    const planner = await clients.planner.agent.get(`/api/forms/${fixture.sipas.serials[0]}`).expect(200);
    expect(planner.body.caseCode).toBeTruthy();
  });

  it('paints over an unread page for scanning staff and supervisors, all but the printed serial, and leaves it whole for a personal-data role', async () => {
    let zones: Record<'name' | 'phone' | 'address' | 'serial', Rect> | undefined;
    // A one-stop page whose code could not be read: stored as scanned (not onto its layout), its fields inked.
    const { clients } = await setUp(async (fixture, dataDir) => {
      const { layout } = fixture.oneStop;
      const fields = Object.fromEntries(layout.fields.map((f) => [f.questionId, fieldRect(f)]));
      zones = { name: fields.name, phone: fields.phone, address: fields.address, serial: layout.slots.find((s) => s.name === 'serial' && s.page === 1)!.rect };
      const k = PAGE_PIXELS_PER_POINT;
      const ink = Object.values(zones).map((z) => ({
        input: { create: { width: Math.round(z.w * k), height: Math.round(z.h * k), channels: 3 as const, background: '#000000' } },
        left: Math.round(z.x * k),
        top: Math.round(z.y * k),
      }));
      const imageFile = path.join('pages', 'un', 'unread-1.jpg');
      fs.mkdirSync(path.join(dataDir, 'pages', 'un'), { recursive: true });
      await sharp({ create: { width: Math.round(PAGE.width * k), height: Math.round(PAGE.height * k), channels: 3, background: '#ffffff' } })
        .composite(ink)
        .jpeg({ quality: 90 })
        .toFile(path.join(dataDir, imageFile));
      beginScanFile(fixture.db, { sha256: 'unread', name: 'khong-doc-duoc.pdf', size: 1, source: 'cli' }, 1);
      storePage(fixture.db, { sha256: 'unread', pageIndex: 0, imageFile, clips: [], read: { kind: 'unreadable', reason: 'noCode', message: 'Không thấy mã QR của phiếu trên ảnh.' } });
      finishScanFile(fixture.db, 'unread');
    });
    const { body } = await clients.scanner.agent.get('/api/page-items').expect(200);
    const item = body.items.find((i: { fileName: string }) => i.fileName === 'khong-doc-duoc.pdf');
    for (const role of ['scanner', 'supervisor']) {
      const image = await getBinary(clients[role], `/api/page-items/${item.id}/image`);
      for (const zone of [zones!.name, zones!.phone, zones!.address]) expect(await zoneOf(image, zone), role).toMatchObject({ paintedOver: true });
      // The serial stays in view, so the page can still be placed on its form.
      expect((await zoneOf(image, zones!.serial)).darkest, role).toBeLessThan(60);
      const { text } = await clients[role].agent.get('/api/page-items').expect(200);
      expect(text).not.toContain(WRITERS[0].name);
    }
    const whole = await getBinary(clients.admin, `/api/page-items/${item.id}/image`);
    for (const zone of [zones!.name, zones!.phone, zones!.address]) expect((await zoneOf(whole, zone)).darkest).toBeLessThan(60);
  });

  it('keeps sample lists and the re-check (names and phone numbers) to planners and administrators', async () => {
    const { fixture, clients } = await setUp();
    for (const role of ['supervisor', 'reviewer', 'scanner']) {
      await clients[role].agent.get('/api/sampling/recheck').expect(403);
      await clients[role].agent.get(`/api/sampling/offices/${fixture.officeCode}/list.csv`).expect(403);
    }
    const { text } = await clients.planner.agent.get('/api/sampling/recheck').expect(200);
    expect(personalIn(text, fixture)).not.toEqual([]);
    // Screens every role sees carry no personal data.
    for (const role of ['supervisor', 'reviewer', 'scanner', 'planner']) {
      const { text: dashboard } = await clients[role].agent.get('/api/dashboard').expect(200);
      expect(personalIn(dashboard, fixture)).toEqual([]);
    }
    const { text: results } = await clients.supervisor.agent.get('/api/results?survey=one-stop').expect(200);
    expect(personalIn(results, fixture)).toEqual([]);
  });
});
