/** One copy of a message as the archive holds it. */
export type TArchivedCopy = {
  folder: string;
  flags: string[];
  gmailLabels: string[];
  internalDate: Date | null;
};

const SKIPPED_LABELS = new Set([
  '\\important',
  '\\starred',
  '\\inbox',
  '\\sent',
  '\\draft',
  '\\drafts',
  '\\all',
  '\\spam',
  '\\trash',
]);

/**
 * Where a message goes back to: Gmail copies (labels known) go to INBOX when they were in it, else
 * to their first own label, else to the folder they were archived from (All Mail gives no label,
 * as the original had none); other labels are added after the append. Starred becomes \Flagged.
 * Plain IMAP copies go back to their folder.
 */
export function restoreTargetOf(copy: TArchivedCopy): {
  folder: string;
  flags: string[];
  extraLabels: string[];
} {
  const labels = copy.gmailLabels;
  const lower = labels.map((label) => label.toLowerCase());
  const userLabels = labels.filter((label) => !SKIPPED_LABELS.has(label.toLowerCase()));
  const flags = [...new Set([...copy.flags, ...(lower.includes('\\starred') ? ['\\Flagged'] : [])])];
  if (labels.length === 0) return { folder: copy.folder, flags, extraLabels: [] };
  const folder = lower.includes('\\inbox') ? 'INBOX' : (userLabels[0] ?? copy.folder);
  return { folder, flags, extraLabels: userLabels.filter((label) => label !== folder) };
}
