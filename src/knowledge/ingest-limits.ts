/** Bounds on what one index build accepts; a file over a limit is skipped with a log line naming it. */
export interface IngestLimits {
  /** Largest knowledge file read at all (bytes on disk). */
  maxFileBytes: number;
  /** Bytes a PDF's compressed streams may inflate to, all streams together. */
  maxPdfInflatedBytes: number;
  maxPdfPages: number;
  /** Arrangements in one MRA registry file. */
  maxRegistryEntries: number;
  /** Chunks one file may produce. */
  maxFileChunks: number;
  /** Chunks in the whole index: the file that would pass it is skipped. */
  maxIndexChunks: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxPdfInflatedBytes: 50 * 1024 * 1024,
  maxPdfPages: 2000,
  maxRegistryEntries: 5000,
  maxFileChunks: 5000,
  maxIndexChunks: 50_000,
};

/** A file refused by a limit: its message names the limit and the setting that raises it. */
export class LimitExceeded extends Error {
  override readonly name = 'LimitExceeded';

  constructor(what: string, value: number, limit: number, setting: string) {
    super(`${what} ${value} is over the limit of ${limit} (${setting})`);
  }
}

/** The limits as configured (MAX_* settings). */
export function ingestLimits(c: {
  MAX_FILE_BYTES: number; MAX_PDF_INFLATED_BYTES: number; MAX_PDF_PAGES: number; MAX_REGISTRY_ENTRIES: number;
  MAX_FILE_CHUNKS: number; MAX_INDEX_CHUNKS: number;
}): IngestLimits {
  return {
    maxFileBytes: c.MAX_FILE_BYTES, maxPdfInflatedBytes: c.MAX_PDF_INFLATED_BYTES, maxPdfPages: c.MAX_PDF_PAGES,
    maxRegistryEntries: c.MAX_REGISTRY_ENTRIES, maxFileChunks: c.MAX_FILE_CHUNKS, maxIndexChunks: c.MAX_INDEX_CHUNKS,
  };
}
