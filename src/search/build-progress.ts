/** How far an index build is, as `bin/aeo-bot index` shows it. */
export interface BuildProgress {
  /** scan: listing files; read: loading, chunking and embedding them; index: building BM25 and HNSW; done. */
  phase: 'scan' | 'read' | 'index' | 'done';
  filesRead: number;
  filesTotal: number;
  /** Chunks embedded by this build (unchanged files reuse their vectors and add none). */
  chunksEmbedded: number;
  /** Files the build kept from the previous one without reading them again. */
  filesReused: number;
}

export type ProgressListener = (p: BuildProgress) => void;

/**
 * Passes progress on at most every `everyMs` (the first and the last of each phase always), so a build of
 * thousands of small files does not post thousands of messages.
 */
export function throttled(listener: ProgressListener, everyMs = 100, now: () => number = Date.now): ProgressListener {
  let last = -Infinity;
  let phase = '';
  return (p) => {
    const t = now();
    const edge = p.phase !== phase || p.filesRead === p.filesTotal;
    if (!edge && t - last < everyMs) return;
    last = t;
    phase = p.phase;
    listener(p);
  };
}
