/**
 * True when the text opens a JSON object or array that never closes, the signature of a download
 * that stopped early or a copy-paste that lost its tail. Engine error messages differ between
 * Node versions, so this scans the structure instead of reading JSON.parse's message.
 */
export function isTruncatedJson(text: string): boolean {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const char of trimmed) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      // Closed early and something follows: broken, but not cut short.
      if (depth < 0) return false;
    }
  }
  return inString || depth > 0;
}
