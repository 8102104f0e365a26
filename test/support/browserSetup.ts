import fs from 'node:fs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: { executablePath: string };
  }
}

/**
 * Finds the browser once for the whole browser lane, before any test file starts: the Chromium of the npm package
 * @sparticuz/chromium (unpacked into the system's temporary folder on first use, so a machine with only Node and npm
 * runs these tests), or the one named by PHIEU_CHROMIUM. Unpacking once here keeps two test workers from unpacking
 * over each other.
 */
export default async function setup(project: TestProject): Promise<void> {
  const wanted = process.env.PHIEU_CHROMIUM;
  if (wanted) {
    if (!fs.existsSync(wanted)) throw new Error(`PHIEU_CHROMIUM names ${wanted}, which does not exist`);
    project.provide('chromium', { executablePath: wanted });
    return;
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  // Only the path: the package's own flags are for serverless hosts (one process, web security off), which would
  // hide what the tests are there to see.
  project.provide('chromium', { executablePath: await packaged.executablePath() });
}
