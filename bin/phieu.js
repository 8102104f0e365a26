#!/usr/bin/env node
// phieu is written in TypeScript and runs through tsx, so `npx phieu` works right after `npm install`, no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
