import type { TMessageMeta } from '../imap/imap-session.types';

export type TBatchLimits = { maxMessages: number; maxBytes: number };

/** Group commit: 50 messages or 8 MB per batch, whichever comes first. */
export const DEFAULT_BATCH_LIMITS: TBatchLimits = { maxMessages: 50, maxBytes: 8 * 1024 * 1024 };

/**
 * Splits messages into UID batches of bounded size, so at most one batch's bodies are in memory;
 * a message bigger than maxBytes travels alone (memory is then bounded by the biggest message).
 */
export function planBatches(messages: readonly TMessageMeta[], limits: TBatchLimits = DEFAULT_BATCH_LIMITS) {
  const batches: TMessageMeta[][] = [];
  let current: TMessageMeta[] = [];
  let bytes = 0;
  for (const message of [...messages].sort((a, b) => a.uid - b.uid)) {
    if (
      current.length > 0 &&
      (current.length >= limits.maxMessages || bytes + message.size > limits.maxBytes)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += message.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
