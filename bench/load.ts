import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { runIfMain, type Figures } from './harness.js';
import { Browser, Timings } from './load/client.js';

/**
 * A busy office under attack (issue 18.14): the real server over a fresh data folder with the demo loaded; reviewers
 * working the review queue as the screen does (claim the next three, fetch the page and the clip, think, decide);
 * wrong passwords arriving at a steady rate from ever new addresses; a scanning screen sending a batch that is read
 * meanwhile. Prints p50/p95 per route, claims handed to two reviewers at once, and errors; asserts none.
 */
export interface LoadOptions {
  reviewers: number;
  seconds: number;
  loginsPerMinute: number;
  /** Filled-in forms per office and survey the demo scans (the product's demo has 20). */
  demoFormsPerOffice: number;
  /** Scan files the scanning screen sends during the run. */
  batchFiles: number;
  /** A reviewer's pause on an item before deciding, ms (uniform between the two). */
  thinkMs: [number, number];
  workers?: number;
}

export interface LoadRun {
  options: LoadOptions;
  timings: Timings;
  /** Items handed to a reviewer while another still held them: must be none. */
  doubleClaims: string[];
  decided: number;
  /** Items claimed, across reviewers. */
  claimed: number;
  wrongLogins: number;
  batch: { sent: number; read: number; rejected: number };
  /** Answers that were neither expected refusals nor successes, by route and status. */
  errors: string[];
  queueEmptyAfterS: number | null;
}

const ADMIN_PASSWORD = 'bench-admin-password-1';
const PASSWORD = 'bench-reviewer-password';
const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-load-'));
  const dataDir = path.join(root, 'data');
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'load', 'server.ts')], {
    env: { ...process.env, LOAD_DATA: dataDir, LOAD_ADMIN_PASSWORD: ADMIN_PASSWORD, LOAD_DEMO_FORMS: String(options.demoFormsPerOffice), ...(options.workers ? { LOAD_WORKERS: String(options.workers) } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    const first = await Promise.race([readline.createInterface({ input: server.stdout })[Symbol.asyncIterator]().next(), exited.then(() => undefined)]);
    if (!first || first.done) throw new Error('the server did not start');
    const { url } = JSON.parse(first.value) as { url: string };
    return await underLoad(url, dataDir, options);
  } finally {
    server.kill('SIGTERM');
    await exited;
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function underLoad(url: string, dataDir: string, options: LoadOptions): Promise<LoadRun> {
  const admin = new Browser(url);
  await admin.logIn('admin', ADMIN_PASSWORD);
  await loadDemo(admin);
  const account = async (username: string, role: string) => {
    const created = await admin.send('POST', '/api/users', { username, displayName: username, role, password: PASSWORD });
    if (created.status !== 201) throw new Error(`account ${username}: ${created.status} ${JSON.stringify(created.body)}`);
    const browser = new Browser(url);
    await browser.logIn(username, PASSWORD);
    return browser;
  };
  const reviewers: Browser[] = [];
  for (let i = 0; i < options.reviewers; i++) reviewers.push(await account(`nhap-lieu-${i + 1}`, 'reviewer'));
  const scanner = await account('quet-phieu', 'scanner');
  const batch = await scanBatch(dataDir, options.batchFiles);

  const run: LoadRun = { options, timings: new Timings(), doubleClaims: [], decided: 0, claimed: 0, wrongLogins: 0, batch: { sent: 0, read: 0, rejected: 0 }, errors: [], queueEmptyAfterS: null };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const held = new Map<number, number>();
  const unexpected = (route: string, status: number) => run.errors.push(`${route} ${status}`);

  const reviewer = async (index: number) => {
    const browser = reviewers[index];
    let queue: 'counting' | 'transcription' = 'counting';
    while (performance.now() < deadline) {
      const next = await run.timings.time('next', () => browser.send('POST', '/api/review/next', { reviewQueue: queue, count: 3 }));
      if (next.status !== 200) {
        unexpected('next', next.status);
        await sleep(1000);
        continue;
      }
      const items = (next.body as { items: { id: number; suggestion: unknown }[] }).items;
      for (const { id } of items) {
        const holder = held.get(id);
        if (holder === undefined) run.claimed++;
        else if (holder !== index) run.doubleClaims.push(`item ${id}: nhap-lieu-${holder + 1} and nhap-lieu-${index + 1}`);
        held.set(id, index);
      }
      const item = items[0];
      if (!item) {
        if (queue === 'transcription') run.queueEmptyAfterS ??= Math.round((performance.now() - started) / 1000);
        queue = queue === 'counting' ? 'transcription' : 'counting';
        await sleep(2000);
        continue;
      }
      for (const image of ['page', 'clip']) {
        const got = await run.timings.time(image, () => browser.send('GET', `/api/review/items/${item.id}/${image}`));
        if (got.status !== 200) unexpected(image, got.status);
      }
      await sleep(options.thinkMs[0] + Math.random() * (options.thinkMs[1] - options.thinkMs[0]));
      // Let go of it before the request leaves: from then on another reviewer may rightly be given it.
      held.delete(item.id);
      const decided = await run.timings.time('decision', () => browser.send('POST', `/api/review/items/${item.id}/decision`, { value: item.suggestion }));
      if (decided.status === 200) run.decided++;
      else if (decided.status !== 400) unexpected('decision', decided.status);
      else {
        // A suggestion the rules refuse (two boxes on a one-answer question) goes to a supervisor, as a person would send it.
        const referred = await browser.send('POST', `/api/review/items/${item.id}/refer`, {});
        if (referred.status !== 200) unexpected('refer', referred.status);
      }
    }
    for (const [id, holder] of held) if (holder === index) held.delete(id);
    await browser.send('POST', '/api/review/release', {});
  };

  const guesser = async () => {
    const every = 60_000 / options.loginsPerMinute;
    const inFlight: Promise<void>[] = [];
    for (let n = 0; performance.now() < deadline; n++) {
      // Each guess from an address of its own, so no per-address limit stops the hashing: the worst case for the server.
      const browser = new Browser(url, `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`);
      inFlight.push(
        (async () => {
          await browser.send('GET', '/api/session');
          const tried = await run.timings.time('login (wrong)', () => browser.send('POST', '/api/login', { username: n % 2 ? 'admin' : `nhap-lieu-${(n % options.reviewers) + 1}`, password: `doan-sai-${n}` }));
          run.wrongLogins++;
          if (tried.status !== 401 && tried.status !== 429) unexpected('login (wrong)', tried.status);
        })(),
      );
      await sleep(Math.max(0, started + (n + 1) * every - performance.now()));
    }
    await Promise.all(inFlight);
  };

  const scanning = async () => {
    const ids: number[] = [];
    for (const [i, file] of batch.entries()) {
      if (performance.now() >= deadline) break;
      const sent = await run.timings.time('upload', () => scanner.send('PUT', `/api/uploads?name=lo-tai-${i + 1}.jpg&batch=L%C3%B4%20t%E1%BA%A3i`, undefined, fs.readFileSync(file)));
      if (sent.status !== 201) unexpected('upload', sent.status);
      else ids.push((sent.body as { id: number }).id);
    }
    run.batch.sent = ids.length;
    while (performance.now() < deadline) await sleep(500);
    if (!ids.length) return;
    const { body } = await scanner.send('GET', `/api/uploads?ids=${ids.join(',')}`);
    const states = (body as { uploads: { status: string }[] }).uploads;
    run.batch.read = states.filter((u) => u.status === 'done').length;
    run.batch.rejected = states.filter((u) => u.status === 'rejected').length;
  };

  await Promise.all([...reviewers.map((_, i) => reviewer(i)), guesser(), scanning()]);
  return run;
}

/** Loads the demo as the first screen's button does, and waits for it. */
async function loadDemo(admin: Browser): Promise<void> {
  const started = await admin.send('POST', '/api/demo', {});
  if (started.status !== 202) throw new Error(`demo: ${started.status} ${JSON.stringify(started.body)}`);
  for (;;) {
    await sleep(1000);
    const { status, body } = await admin.send('GET', '/api/tasks/demo');
    if (status !== 200) continue;
    const task = body as { running: boolean; error?: string };
    if (task.error) throw new Error(`demo: ${task.error}`);
    if (!task.running) return;
  }
}

/**
 * The demo's scanned pages again, each made a file of its own (a lighter copy, as a second pass through the scanner
 * makes): every one is read through the whole pipeline and set aside as a second scan of its form.
 */
async function scanBatch(dataDir: string, files: number): Promise<string[]> {
  const demo = path.join(dataDir, 'demo');
  const [run] = fs.readdirSync(demo);
  const pages = fs.readdirSync(path.join(demo, run)).filter((n) => /^\d+\.jpg$/.test(n)).sort();
  const out = path.join(dataDir, '..', 'batch');
  fs.mkdirSync(out, { recursive: true });
  const batch: string[] = [];
  for (let i = 0; i < files; i++) {
    const file = path.join(out, `${i + 1}.jpg`);
    await sharp(path.join(demo, run, pages[i % pages.length])).modulate({ brightness: 1.01 + i / 1000 }).jpeg({ quality: 84 }).withMetadata({ density: 300 }).toFile(file);
    batch.push(file);
  }
  return batch;
}

/** The run's figures, each with its goal. */
export function loadFigures(run: LoadRun): Figures {
  const { options: o, timings } = run;
  const route = (name: string, goal = '') => {
    const p = timings.percentiles(name);
    return `${p.p50.toFixed(0)} / ${p.p95.toFixed(0)} ms (max ${p.max.toFixed(0)}; ${p.n} requests)${goal}`;
  };
  const statuses = [...(timings.statuses.get('login (wrong)') ?? [])].map(([status, n]) => `${status}: ${n}`).join(', ');
  return {
    'load: set-up': `${o.reviewers} reviewers for ${o.seconds} s (think ${o.thinkMs[0] / 1000}–${o.thinkMs[1] / 1000} s an item), ${o.loginsPerMinute} wrong log-ins a minute from as many addresses, ${o.batchFiles} scan files sent; demo with ${o.demoFormsPerOffice} forms per office and survey`,
    'load: next item p50 / p95 (goal < 200 / < 1000 ms)': route('next'),
    'load: page image p50 / p95 (goal < 200 / < 1000 ms)': route('page'),
    'load: field clip p50 / p95 (goal < 200 / < 1000 ms)': route('clip'),
    'load: decision p50 / p95': route('decision'),
    'load: wrong log-in p50 / p95': `${route('login (wrong)')}; answers ${statuses || 'none'}`,
    'load: upload p50 / p95': route('upload'),
    'load: items claimed, decided': `${run.claimed}, ${run.decided}${run.queueEmptyAfterS === null ? '' : ` (queue empty after ${run.queueEmptyAfterS} s)`}`,
    'load: double claims (goal 0)': run.doubleClaims.length,
    'load: scan files sent, read, rejected during the run': `${run.batch.sent}, ${run.batch.read}, ${run.batch.rejected}`,
    'load: errors': run.errors.length ? summarise(run.errors) : 0,
    ...(run.doubleClaims.length ? { 'load: double claims': run.doubleClaims.slice(0, 10).join(' | ') } : {}),
  };
}

function summarise(errors: string[]): string {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  return [...counts].map(([e, n]) => `${e} ×${n}`).join(', ');
}

export const FULL_LOAD: LoadOptions = {
  reviewers: Number(process.env.BENCH_LOAD_REVIEWERS ?? 20),
  seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60),
  loginsPerMinute: 150,
  demoFormsPerOffice: Number(process.env.BENCH_LOAD_DEMO_FORMS ?? 20),
  batchFiles: Number(process.env.BENCH_LOAD_BATCH ?? 40),
  thinkMs: [1500, 4000],
};

runIfMain(import.meta, async () => loadFigures(await runLoad(FULL_LOAD)));
