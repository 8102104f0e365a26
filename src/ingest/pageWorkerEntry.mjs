// Worker threads start from plain JavaScript: register tsx, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./pageWorker.ts');
