import type { TImapFolder } from '../imap/imap-session.types';
import type { TFolderSelection } from '../mailbox-archive.contract';

/**
 * Gmail: every message once, from the \All folder (which holds Sent, Drafts and every label but
 * not Spam or Trash), plus Spam and Trash when switched on. Plain IMAP: every selectable folder,
 * narrowed by include/exclude; Junk and Trash only when switched on or included by name.
 */
export function selectFolders(
  folders: readonly TImapFolder[],
  isGmail: boolean,
  selection: TFolderSelection,
): string[] {
  const selectable = folders.filter((folder) => folder.selectable);
  const bySpecialUse = (flag: string) => selectable.find((folder) => folder.specialUse === flag)?.path;
  if (isGmail) {
    const all = bySpecialUse('\\All');
    if (!all)
      throw new Error(
        'The Gmail account shows no All Mail folder (\\All); is "Show in IMAP" off for All Mail?',
      );
    return [
      all,
      ...(selection.includeSpam ? [bySpecialUse('\\Junk')] : []),
      ...(selection.includeTrash ? [bySpecialUse('\\Trash')] : []),
    ].filter((path): path is string => path !== undefined);
  }
  const included = new Set(selection.include);
  const excluded = new Set(selection.exclude);
  return selectable
    .filter((folder) => {
      if (excluded.has(folder.path)) return false;
      if (included.size > 0) return included.has(folder.path);
      if (folder.specialUse === '\\Junk') return selection.includeSpam;
      if (folder.specialUse === '\\Trash') return selection.includeTrash;
      return true;
    })
    .map((folder) => folder.path);
}
