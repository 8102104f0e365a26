import { spawn } from 'node:child_process';

/**
 * glibc's malloc as ingest needs it: two arenas instead of one for each thread that allocates (page workers, libvips
 * and libuv threads, each keeping the page images freed in it), and blocks over 128 KiB mapped and given back when
 * freed. glibc reads these only when a process starts, so phieu starts itself again with them (bench/ingest: peak
 * memory per kind of input).
 */
export const TUNED_MALLOC = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' } as const;

// The commands that decode scans; the others start once, as they are.
const DECODING_COMMANDS = new Set(['scan', 'watch', 'start']);

export function wantsTunedMalloc(args: string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  const command = commandOf(args);
  return platform === 'linux' && env.MALLOC_ARENA_MAX === undefined && command !== undefined && DECODING_COMMANDS.has(command);
}

// The command is the first word that is neither an option nor the folder given to --data (the CLI's one global
// option with a value), so `--data scan review stats` or a note reading "start" is not taken for a decoding command.
function commandOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data') i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/**
 * Runs `script` with `args` in a child with the tuned malloc, and ends as it ends (its exit code or signal). The child
 * is in a process group of its own, so Ctrl-C reaches it once, through here. It dies with this process even when
 * this one is killed outright (see dieWithParent): no orphan goes on writing.
 */
export function runWithTunedMalloc(script: string, args: string[]): void {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...TUNED_MALLOC },
    detached: true,
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const s of signals) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

/** In a child started by runWithTunedMalloc: ends at once when the parent is gone (its channel closes). */
export function dieWithParent(): void {
  if (!process.channel) return;
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
