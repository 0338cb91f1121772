// Runs the index build worker from TypeScript sources (tests, bin/aeo-bot): registers tsx in the worker first.
// The bundled service (dist/) starts dist/build-worker.mjs directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
