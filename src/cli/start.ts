import path from 'node:path';
import type { Command } from 'commander';
import { PhieuError } from '../errors/errorTable.js';
import { dataDir, report, type GlobalOptions } from './context.js';

/** `npm start`: the web app on http://localhost:3000 (PORT to change it), reading the hot folder `scans/`. */
export function registerStartCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('start')
    .description('chạy ứng dụng web phieu (mặc định http://localhost:3000)')
    .option('--port <số>', 'cổng ($PORT nếu có)', process.env.PORT ?? '3000')
    .option('--host <địa-chỉ>', 'địa chỉ lắng nghe (0.0.0.0 để phục vụ cả mạng nội bộ)', process.env.HOST ?? '127.0.0.1')
    .option('--scans <thư-mục>', 'thư mục quét', process.env.PHIEU_SCANS ?? 'scans')
    .option('--trust-proxy <proxy>', 'khi chạy sau nginx: "loopback", địa chỉ hoặc dải mạng của proxy, hoặc số proxy ($PHIEU_TRUST_PROXY nếu có; mặc định: tắt)', process.env.PHIEU_TRUST_PROXY ?? '')
    .action(async (options: { port: string; host: string; scans: string; trustProxy: string }) => {
      const g = globals();
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PhieuError('optionNotNumber', { option: '--port', value: String(options.port), min: 0, max: 65535, whole: true });
      // The server and all it serves are loaded when it starts, not for every other command (phieu scan: memory).
      const { startServer, parseTrustProxy } = await import('../server/startServer.js');
      const server = await startServer({ dataDir: dataDir(g), port, host: options.host, scansDir: path.resolve(options.scans), trustProxy: parseTrustProxy(options.trustProxy) });
      const lines = [`phieu đang chạy: ${server.url}`, `Dữ liệu: ${dataDir(g)} · Thư mục quét: ${path.resolve(options.scans)}`];
      if (server.firstAdmin) {
        lines.push(
          server.firstAdmin.generatedPassword
            ? `Tài khoản quản trị đầu tiên: ${server.firstAdmin.username} / ${server.firstAdmin.generatedPassword}  (chỉ hiện một lần — hãy ghi lại)`
            : `Tài khoản quản trị đầu tiên: ${server.firstAdmin.username} (mật khẩu lấy từ PHIEU_ADMIN_PASSWORD)`,
        );
      }
      lines.push('Dừng: Ctrl+C');
      report(g, { url: server.url, firstAdmin: server.firstAdmin ?? null }, lines.join('\n'));
      await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
      await server.close();
    });
}
