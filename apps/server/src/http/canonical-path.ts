// RFC 3986 unreserved characters and "/": a percent-encoding of one of these names the same
// resource as the character itself, so a client that sends one is dodging a prefix check.
const NEEDLESSLY_ENCODED = /%(?:2[dDeEfF]|3\d|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * Why a request target is not a plain origin-form path, or null when it is. Routing decodes
 * percent-escapes and accepts absolute-form targets (`http://host/api/...`), while prefix checks
 * on the raw URL do not; refusing every form that routing and a prefix check could read
 * differently keeps the two in agreement.
 */
export function nonCanonicalPathReason(target: string): string | null {
  if (!target.startsWith('/')) return 'The request target must be a path starting with "/".';
  const pathname = target.split('?')[0] ?? '';
  if (pathname.startsWith('//') || pathname.includes('//')) return 'The request path contains "//".';
  if (pathname.includes('\\')) return 'The request path contains a backslash.';
  if (DOT_SEGMENT.test(pathname)) return 'The request path contains a "." or ".." segment.';
  if (NEEDLESSLY_ENCODED.test(pathname)) {
    return 'The request path percent-encodes a character that must be sent as is.';
  }
  return null;
}
