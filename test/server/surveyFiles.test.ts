import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The forms folder is chosen when the survey files module loads: PHIEU_FORMS is set before the server is imported,
// and taken away again at once so no other test file sees it.
const forms = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-forms-'));
for (const name of ['quick.json', 'sipas.json']) fs.copyFileSync(path.join('forms', name), path.join(forms, name));
fs.writeFileSync(path.join(forms, 'hong.json'), JSON.stringify({ id: 'hong', name: 'Hỏng', title: 'X', instructions: 'X', sections: [] }));
process.env.PHIEU_FORMS = forms;
const { logIn, startTestServer } = await import('../support/webServer.js');
const { useTempDir } = await import('../support/tempDir.js');
delete process.env.PHIEU_FORMS;

const tempDir = useTempDir();
afterAll(() => fs.rmSync(forms, { recursive: true, force: true }));

describe('the web server with a broken survey file', () => {
  it('logs the file set aside with its reason and serves every other survey', async () => {
    const lines: string[] = [];
    const server = await startTestServer(tempDir(), { logLine: (line) => lines.push(line) });
    try {
      const skipped = lines.map((l) => JSON.parse(l)).filter((e) => e.event === 'survey.skipped');
      expect(skipped).toEqual([expect.objectContaining({ file: expect.stringMatching(/hong\.json$/), reason: 'phần (sections): mẫu phiếu cần ít nhất một phần' })]);
      const admin = await logIn(server.url);
      const { body } = await admin.agent.get('/api/results/options').expect(200);
      expect(body.surveys.map((s: { id: string }) => s.id)).toEqual(['quick', 'sipas']);
    } finally {
      await server.close();
    }
  });
});
