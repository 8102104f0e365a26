import { describe, expect, it } from 'vitest';
import { useTempDir } from '../support/tempDir.js';
import { useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

describe('the files served to the browser', () => {
  it('are the pages, their styles and the built screens, not the TypeScript sources or the compiler settings', async () => {
    const server = await startServer(tempDir());
    const statusOf = async (url: string) => (await fetch(`${server.url}${url}`)).status;
    for (const url of ['/', '/index.html', '/kiosk', '/style.css', '/kiosk.css', '/favicon.svg', '/js/app.js', '/js/screens/personal.js', '/js/labels.js']) expect([url, await statusOf(url)]).toEqual([url, 200]);
    for (const url of ['/src/app.ts', '/src/screens/personal.ts', '/tsconfig.json', '/js/.tsbuildinfo']) expect([url, await statusOf(url)]).toEqual([url, 404]);
  });
});
