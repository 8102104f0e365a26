import { describe, expect, it } from 'vitest';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

describe('printing from the web', () => {
  it('reports the progress of a 500-form print run while the PDF is being made, and ends with every copy counted', async () => {
    server = await startServer(tempDir());
    const admin = await logIn(server.url);
    // 5,000 cases or more: the tier that draws 500.
    const cases = generateDemoRegister({ seed: 'print', offices: [{ name: 'UBND phường Vỹ Dạ', cases: 5200 }] });
    await admin.agent.put('/api/sampling/register?name=so-ho-so.csv').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(Buffer.from(registerCsv(cases))).expect(200);
    const office = (await admin.agent.post('/api/sampling/draw').set('X-CSRF-Token', admin.csrf).send({ seed: 'print' }).expect(200)).body.offices[0];
    expect(office.official).toHaveLength(500);

    let finished = false;
    const printing = admin.agent
      .post(`/api/sampling/offices/${office.officeCode}/forms`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ survey: 'quick' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      })
      .then((r) => {
        finished = true;
        return r;
      });
    const seen = new Set<number>();
    while (!finished) {
      const task = (await admin.agent.get('/api/tasks/print').expect(200)).body;
      if (task?.running) {
        expect(task).toMatchObject({ total: 500, label: expect.stringMatching(/^Đang in phiếu/) });
        seen.add(task.done);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const pdf = await printing;
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(seen.size).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => (await admin.agent.get('/api/tasks/print').expect(200)).body).toMatchObject({ running: false, done: 500, total: 500 });
  }, 240_000);
});
