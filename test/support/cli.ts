import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BIN = fileURLToPath(new URL('../../bin/phieu.js', import.meta.url));

/** Runs the real `phieu` command (the built dist/) and gives back its exit code and output, failing or not. */
export async function runPhieu(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs `phieu` under /usr/bin/time -v: its exit code and output, and the peak resident memory of the whole process. */
export async function runPhieuMeasured(args: string[]): Promise<{ code: number; stdout: string; stderr: string; peakRssBytes: number }> {
  let result: { code: number; stdout: string; stderr: string };
  try {
    const { stdout, stderr } = await run('/usr/bin/time', ['-v', process.execPath, BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    result = { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    result = { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
  const kilobytes = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  if (!kilobytes) throw new Error(`/usr/bin/time gave no peak memory: ${result.stderr.slice(-500)}`);
  return { ...result, peakRssBytes: Number(kilobytes) * 1024 };
}
