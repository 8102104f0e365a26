import { fileURLToPath } from 'node:url';

/** A file under test/fixtures: everything the tests read from outside the code lives there, in the repository. */
export function fixturePath(...parts: string[]): string {
  return fileURLToPath(new URL(`../fixtures/${parts.join('/')}`, import.meta.url));
}
