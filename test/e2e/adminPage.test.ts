import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/startServer.js';
import { audit } from '../../src/store/db.js';
import { useBrowser } from '../support/browser.js';
import { useTempDir } from '../support/tempDir.js';
import { ADMIN_PASSWORD, useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
let server: RunningServer | undefined;

describe('Quản trị in a real browser: the audit log', () => {
  it('reads as sentences and fits a 1366×768 screen without scrolling sideways', async () => {
    server = await startServer(tempDir());
    // What a loaded demo and a day's work leave in the log: the entries that once widened the page.
    const { db } = server.ctx;
    audit(db, 'admin', 'demo.load', { files: 241, pages: 241, outcomes: { read: 236, duplicate: 1, unknownSerial: 1, unreadable: 2, notOurForm: 1 } });
    audit(db, 'scanner', 'upload', { name: 'Scan_2025-03-14_Buu-cuc-Phu-Hoi_lo-thu-nhat_300dpi_mau-xam_khong-nen.pdf', sha256: 'f'.repeat(64), size: 48_213_771, source: 'upload', alreadyKnown: false });
    audit(db, 'planner', 'report', { format: 'xlsx', survey: 'sipas', office: 'ubnd-phuong-vy-da', level: null, channel: null, from: '2025-01-01', to: '2025-06-30', table: null });
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tiles');
    await page.goto(`${server.url}/#/quan-tri`);
    await page.getByText('Nhật ký').waitFor();
    await page.getByText(/^Tạo dữ liệu mẫu: 241 tệp/).waitFor();

    const log = await page.locator('.audit').innerText();
    expect(log).not.toMatch(/[{}"]/);
    expect(log).toContain('Gửi tệp Scan_2025-03-14_Buu-cuc-Phu-Hoi_lo-thu-nhat_300dpi_mau-xam_khong-nen.pdf');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    expect(errors).toEqual([]);
  }, 120_000);
});
