/** Lets timers and sockets run between the synchronous steps of long work on the answering thread. */
export const yieldTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
