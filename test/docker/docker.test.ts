import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const dockerfile = fs.readFileSync('docker/Dockerfile', 'utf8');
const compose = fs.readFileSync('docker/compose.yaml', 'utf8');
const sources = ['src/cli/context.ts', 'src/cli/start.ts', 'src/server/startServer.ts'].map((f) => fs.readFileSync(f, 'utf8')).join('\n');

const listFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));

describe('the Docker files', () => {
  it('copy only what exists and start the app the README starts', () => {
    const copied = [...dockerfile.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    expect(copied.length).toBeGreaterThan(3);
    for (const path of copied) expect(fs.existsSync(path), path).toBe(true);
    expect(dockerfile).toMatch(/CMD \["node", "bin\/phieu\.js", "start"\]/);
  });

  it('copy every folder of the project the code reads shipped files from', () => {
    const code = listFiles('src').filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const folders = new Set([...code.matchAll(/new URL\('(?:\.\.\/)+([a-z-]+)\/?'/g)].map((m) => m[1]).filter((f) => fs.existsSync(f)));
    expect([...folders]).toEqual(expect.arrayContaining(['forms', 'mappings']));
    const copied = [...dockerfile.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
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
