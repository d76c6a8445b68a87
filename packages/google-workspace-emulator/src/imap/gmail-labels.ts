// Gmail keeps one copy of a message and shows it in a folder per label; these are the system labels
// and the folders Gmail's IMAP server presents for them (English account locale).

export const ALL_MAIL = '[Gmail]/All Mail';
export const GMAIL_PARENT = '[Gmail]';

export type TSystemFolder = {
  path: string;
  /** The label as X-GM-LABELS spells it; All Mail has none, it is every message not in Spam or Trash. */
  label?: string;
  /** RFC 6154 attribute in LIST; \Important is Gmail's own. */
  specialUse?: string;
};

export const SYSTEM_FOLDERS: readonly TSystemFolder[] = [
  { path: 'INBOX', label: '\\Inbox' },
  { path: ALL_MAIL, specialUse: '\\All' },
  { path: '[Gmail]/Drafts', label: '\\Draft', specialUse: '\\Drafts' },
  { path: '[Gmail]/Important', label: '\\Important', specialUse: '\\Important' },
  { path: '[Gmail]/Sent Mail', label: '\\Sent', specialUse: '\\Sent' },
  { path: '[Gmail]/Spam', label: '\\Spam', specialUse: '\\Junk' },
  { path: '[Gmail]/Starred', label: '\\Starred', specialUse: '\\Flagged' },
  { path: '[Gmail]/Trash', label: '\\Trash', specialUse: '\\Trash' },
];

const FOLDER_BY_LABEL = new Map(
  SYSTEM_FOLDERS.filter((folder) => folder.label).map((folder) => [folder.label!.toLowerCase(), folder]),
);

/** Messages with these labels leave All Mail, as in Gmail. */
export const HIDDEN_FROM_ALL_MAIL = new Set(['\\Spam', '\\Trash']);

/** The system label's canonical spelling (`\inbox` -> `\Inbox`), or the user label unchanged. */
export function normalizeLabel(label: string): string {
  return FOLDER_BY_LABEL.get(label.toLowerCase())?.label ?? label;
}

export function isSystemLabel(label: string): boolean {
  return label.startsWith('\\');
}

/** The folder path a label is shown as: the system folder, or the user label's own name. */
export function folderPathForLabel(label: string): string {
  const system = FOLDER_BY_LABEL.get(label.toLowerCase());
  if (system) return system.path;
  if (isSystemLabel(label)) throw new Error(`Unknown Gmail system label ${label}`);
  return label;
}

/** The label a folder stands for; undefined for All Mail and for [Gmail] itself. */
export function labelForFolderPath(path: string): string | undefined {
  const system = SYSTEM_FOLDERS.find((folder) => folder.path === path);
  if (system) return system.label;
  return path === GMAIL_PARENT ? undefined : path;
}
