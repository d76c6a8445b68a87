/** A short reason for a failed connection (ECONNREFUSED, ENOTFOUND, a timeout) without stack noise. */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    if (current.name === 'TimeoutError') return 'no answer in time';
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : String(error);
}
