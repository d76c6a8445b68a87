/**
 * An RFC 6266 `attachment` header: an ASCII fallback in `filename` (quotes, backslashes, control
 * and non-ASCII characters replaced) and the exact name in `filename*` (RFC 8187, UTF-8). Path
 * separators never survive, so a name cannot climb out of the download folder.
 */
export function attachmentDisposition(name: string): string {
  const clean = safeFileName(name);
  const fallback = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A file name without control characters, path separators or leading dots, never empty. */
export function safeFileName(name: string, fallback = 'attachment'): string {
  const cleaned = name
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 180);
  return cleaned === '' ? fallback : cleaned;
}

/** Only a well-formed type/subtype goes into Content-Type; anything else downloads as bytes. */
export function safeContentType(type: string | undefined): string {
  const lower = (type ?? '').toLowerCase().trim();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(lower)
    ? lower
    : 'application/octet-stream';
}
