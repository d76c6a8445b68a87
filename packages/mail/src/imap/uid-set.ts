/** Compresses UIDs into an IMAP sequence set ("1:5,7,9:12"), keeping commands short. */
export function toUidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === (sorted[end] as number) + 1) end += 1;
    parts.push(start === end ? `${sorted[start]}` : `${sorted[start]}:${sorted[end]}`);
    start = end + 1;
  }
  return parts.join(',');
}
