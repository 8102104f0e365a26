import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const dockerfile = fs.readFileSync('docker/Dockerfile', 'utf8');
const compose = fs.readFileSync('docker/compose.yaml', 'utf8');
const sources = ['src/cli/context.ts', 'src/cli/start.ts', 'src/server/startServer.ts'].map((f) => fs.readFileSync(f, 'utf8')).join('\n');

interface Stage {
  image: string;
  name?: string;
  lines: string[];
}

/** The Dockerfile's stages: each FROM opens one, with its instructions (continuation lines joined). */
function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ image: from[1], name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

const listFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));

describe('the Docker files', () => {
  it('build in one stage and run from a slim one on the newest Node LTS line, without compilers, as a user who is not root', () => {
    const [build, final, ...more] = stagesOf(dockerfile);
    expect(more).toEqual([]);
    for (const stage of [build, final]) {
      const major = Number(/^node:(\d+)-\S*slim$/.exec(stage.image)?.[1]);
      expect(major % 2, stage.image).toBe(0);
      expect(major, stage.image).toBeGreaterThanOrEqual(26);
    }
    expect(build.name).toBeTruthy();
    expect(build.lines.join('\n')).toMatch(/npm ci\b.*&& npm prune --omit=dev/);
    const finalText = final.lines.join('\n');
    expect(finalText).not.toMatch(/apt-get|\bg\+\+|\bmake\b|python3|npm (ci|install)/);
    expect(final.lines).toContain(`COPY --from=${build.name} /app/node_modules ./node_modules`);
    expect(final.lines).toContain(`COPY --from=${build.name} /app/dist ./dist`);
    // The browser's screens as built from web-entry/src, not their sources.
    expect(final.lines).toContain(`COPY --from=${build.name} /app/web-entry/js ./web-entry/js`);
    expect(finalText).not.toMatch(/^COPY web-entry \S+$/m);
    expect(finalText).not.toMatch(/^COPY (src|test)\b/m);
    const user = final.lines.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)$/);
    expect(finalText).toMatch(/^HEALTHCHECK .*CMD /m);
  });

  it('copy only what exists and start the app the README starts', () => {
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    expect(copied.length).toBeGreaterThan(3);
    for (const path of copied) expect(fs.existsSync(path), path).toBe(true);
    expect(dockerfile).toMatch(/CMD \["node", "bin\/phieu\.js", "start"\]/);
  });

  it('copy every folder of the project the code reads shipped files from', () => {
    const code = listFiles('src').filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const folders = new Set([...code.matchAll(/new URL\('(?:\.\.\/)+([a-z-]+)\/?'/g)].map((m) => m[1]).filter((f) => fs.existsSync(f)));
    expect([...folders]).toEqual(expect.arrayContaining(['forms', 'mappings']));
    const copied = stagesOf(dockerfile).at(-1)!.lines.flatMap((l) => /^COPY (?!--from)(.+) \S+$/.exec(l)?.[1].split(' ') ?? []);
    for (const folder of folders) expect(copied, folder).toContain(folder);
  });

  it('configure the app only through settings it reads, with data and scans as volumes', () => {
    for (const name of [...dockerfile.matchAll(/\b(PHIEU_[A-Z_]+|PORT|HOST)=/g)].map((m) => m[1]).concat([...compose.matchAll(/^\s+(PHIEU_[A-Z_]+):/gm)].map((m) => m[1]))) {
      expect(sources, name).toContain(name);
    }
    expect(dockerfile).toContain('VOLUME ["/data", "/scans"]');
    expect(compose).toMatch(/- phieu-data:\/data/);
    expect(compose).toMatch(/- \.\/scans:\/scans/);
  });
});
