import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** A file imported is known by its content: importing it again is recognised whatever its name. */
export const sha256OfFile = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
