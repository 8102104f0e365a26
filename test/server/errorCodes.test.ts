import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, type ErrorCode } from '../../src/errors/errorTable.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

/** The server's refusal: its status, and a body that is the table's sentence for its code. */
function refused(response: request.Response, status: number, code: ErrorCode) {
  expect([response.status, response.body.code]).toEqual([status, code]);
  expect(Object.keys(response.body).sort()).toEqual(['code', 'error']);
  expect(response.body.error).toMatch(/[đăâêôơư\u00C0-\u00FF\u1EA0-\u1EF9]/);
  expect(response.body.code in ERROR_TABLE).toBe(true);
  return response.body.error as string;
}

describe('the server refuses with a code and the Vietnamese sentence of the error table', () => {
  it('for requests, rights, the register, the field, review and upkeep', async () => {
    const server = await startServer(tempDir());
    const { url } = server;
    const admin = await logIn(url);
    const post = (path: string) => admin.agent.post(path).set('X-CSRF-Token', admin.csrf);

    refused(await request(url).get('/api/kiosks'), 401, 'notLoggedIn');
    refused(await admin.agent.post('/api/kiosks').send({}), 403, 'csrfMissing');
    refused(await admin.agent.get('/api/khong-co'), 404, 'unknownApiPath');
    refused(await post('/api/kiosks').set('Content-Type', 'application/json').send('{"name": '), 400, 'bodyNotJson');
    // A field that does not fit is named in words, with zod's reason in Vietnamese.
    expect(refused(await post('/api/kiosks').send({ name: 'Quầy', surveyId: 'quick' }), 400, 'invalidInput')).toBe('Dữ liệu không hợp lệ (mã cơ quan): thiếu (cần chữ)');

    // What the register, the draw and the field refuse (these were RegisterImportError and RegisterFileError).
    const noOffice = await admin.agent.put('/api/sampling/register?name=so.csv').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'text/csv').send('Mã hồ sơ,Tên thủ tục\nA1,Cấp giấy\n');
    expect(refused(noOffice, 400, 'registerMissingColumns')).toContain('không thấy cột "Cơ quan/Đơn vị"');
    const notText = await admin.agent.put('/api/sampling/register?name=so.csv').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'text/csv').send(Buffer.from([0xc3, 0x28, 0x61, 0x0a]));
    refused(notText, 400, 'tableNotText');
    refused(await post('/api/sampling/draw').send({}), 400, 'registerEmpty');
    expect(refused(await post('/api/sampling/status').send({ target: '999', status: 'handedOut' }), 400, 'unknownForm')).toBe('Không có phiếu số 999.');

    // Review (these were ReviewRefused) and upkeep (PurgeRefused, the backup schedule's own Error).
    expect(refused(await post('/api/review/items/424242/decision').send({ value: ['1'] }), 404, 'reviewItemMissing')).toBe('Không có mục duyệt số 424242.');
    refused(await post('/api/review/items/424242/refer').send({}), 409, 'reviewReferOnlyHeld');
    expect(refused(await admin.agent.put('/api/backup/schedule').set('X-CSRF-Token', admin.csrf).send({ everyHours: -1 }), 400, 'invalidBackupSchedule')).toContain('số giờ giữa hai lần sao lưu (everyHours): cần từ 0 trở lên');
    expect(refused(await post('/api/purge').send({ confirm: true }), 409, 'purgeRefused')).toMatch(/^Chưa xoá được dữ liệu cá nhân: /);
  }, 120_000);
});
