import { setPriority } from 'node:os';
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SifEmbeddings } from '../embeddings/sif-embeddings.js';
import { loadWinkVectors, WordVectors } from '../embeddings/word-vectors.js';
import { asAppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { IndexStore, type IdentifiedEmbeddings } from './index-store.js';
import type { BuildRequest, EmbedderSpec, WorkerMessage } from './worker-messages.js';
import { portLogger } from './worker-logger.js';
import { throttled } from './build-progress.js';

/**
 * The index build worker's entry: scans, loads, chunks, embeds and writes a build folder off the service's thread,
 * then posts the folder's name. Its own composition root: it builds the embedder the request names.
 */
async function embedderFor(spec: EmbedderSpec, logger: Logger): Promise<IdentifiedEmbeddings> {
  if (spec.kind === 'local') {
    return new SifEmbeddings(spec.vectors ? WordVectors.deserialize(Buffer.from(spec.vectors)) : await loadWinkVectors(spec.cacheDir, logger));
  }
  const { createRemoteEmbeddings } = await import('../llm/index.js');
  const remote = createRemoteEmbeddings(spec.config);
  if (!remote) throw new Error('remote embeddings requested but not configured');
  // The vector size is learnt from one call, as the service's own instance did.
  await remote.probe();
  return remote;
}

/**
 * On Linux a thread's nice value is its own (setpriority on the calling thread), so the build thread alone gives
 * way to the answering thread when both want a core; elsewhere it would lower the whole service, so it is left.
 */
function yieldCpuToAnswering(logger: Logger): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(19);
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'build thread keeps normal priority');
  }
}

async function run(port: NonNullable<typeof parentPort>, req: BuildRequest): Promise<void> {
  const logger = portLogger(port, { worker: 'index-build' });
  yieldCpuToAnswering(logger);
  try {
    const store = new IndexStore(req.indexDir, req.knowledgeDir, await embedderFor(req.embedder, logger), logger, req.limits);
    store.onProgress = throttled((progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage));
    const fresh = req.trustFresh ? await store.freshBuild() : undefined;
    const build = fresh ?? basename((await store.ensure()).dir);
    port.postMessage({ type: 'done', build } satisfies WorkerMessage);
  } catch (err) {
    const e = asAppError(err);
    port.postMessage({ type: 'failed', code: e.code, message: e.message } satisfies WorkerMessage);
  }
}

if (parentPort) await run(parentPort, workerData as BuildRequest);
