import path from 'node:path';
import type { Command } from 'commander';
import { startServer, parseTrustProxy } from '../server/startServer.js';
import { dataDir, report, type GlobalOptions } from './context.js';

/** `npm start`: the web app on http://localhost:3000 (PORT to change it), reading the hot folder `scans/`. */
export function registerStartCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('start')
    .description('chạy ứng dụng web phieu (mặc định http://localhost:3000)')
    .option('--port <n>', 'port (default: $PORT or 3000)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on (0.0.0.0 to serve the network)', process.env.HOST ?? '127.0.0.1')
    .option('--scans <dir>', 'hot folder for scans', process.env.PHIEU_SCANS ?? 'scans')
    .option('--trust-proxy <proxies>', 'behind nginx: "loopback", proxy addresses/subnets, or a number of proxies (default: $PHIEU_TRUST_PROXY, else off)', process.env.PHIEU_TRUST_PROXY ?? '')
    .action(async (options: { port: string; host: string; scans: string; trustProxy: string }) => {
      const g = globals();
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${options.port}: not a port number`);
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
