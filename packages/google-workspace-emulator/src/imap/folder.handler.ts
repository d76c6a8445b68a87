import { type TToken, tokenText } from './command-parser';
import { quote } from './imap-format';
import { bad, type ImapSession, no, ok, type TCommandHandler } from './imap-session';
import type { TFolder, UserMailbox } from './mailbox.store';

const DELIMITER = '/';
const SYSTEM_FLAGS = '\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing';

const unknownMailbox = (path: string) => no(`[NONEXISTENT] Unknown Mailbox: ${path} (Failure)`);

export const listHandler: TCommandHandler = (session, command) => list(session, command.args, 'LIST');
export const lsubHandler: TCommandHandler = (session, command) => list(session, command.args, 'LSUB');

async function list(session: ImapSession, rawArgs: TToken[], verb: 'LIST' | 'LSUB') {
  // RFC 6154 selection option `LIST (SPECIAL-USE) "" "*"`: only folders with a special use.
  const selection = rawArgs[0]?.type === 'list' ? rawArgs[0] : undefined;
  const args = selection ? rawArgs.slice(1) : rawArgs;
  const isSpecialUseOnly =
    selection?.items.some((item) => item.type === 'atom' && item.value.toUpperCase() === 'SPECIAL-USE') ??
    false;
  const reference = tokenText(args[0]);
  const pattern = tokenText(args[1]);
  if (reference === undefined || pattern === undefined) return bad();
  if (pattern === '') {
    session.write(`* ${verb} (\\Noselect) "${DELIMITER}" ""\r\n`);
    return ok();
  }
  const matcher = wildcardMatcher(reference + pattern);
  const mailbox = session.mailbox!;
  const folders = mailbox.listFolders();
  for (const folder of folders) {
    if (!matcher(folder.path) || (isSpecialUseOnly && !folder.specialUse)) continue;
    session.write(
      `* ${verb} (${attributes(folder, folders).join(' ')}) "${DELIMITER}" ${quote(folder.path)}\r\n`,
    );
  }
  return ok();
}

function attributes(folder: TFolder, folders: readonly TFolder[]): string[] {
  const hasChildren = folders.some((other) => other.path.startsWith(`${folder.path}${DELIMITER}`));
  const result = [hasChildren ? '\\HasChildren' : '\\HasNoChildren'];
  if (!folder.isSelectable) result.push('\\Noselect');
  if (folder.specialUse) result.push(folder.specialUse);
  return result;
}

function wildcardMatcher(pattern: string): (path: string) => boolean {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '%' ? '[^/]*' : char.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const regex = new RegExp(`^${source}$`);
  const inboxRegex = new RegExp(`^${source}$`, 'i');
  return (path) => (path === 'INBOX' ? inboxRegex.test(path) : regex.test(path));
}

const STATUS_ITEMS = new Set(['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'HIGHESTMODSEQ']);

export const statusHandler: TCommandHandler = async (session, command) => {
  const path = tokenText(command.args[0]);
  const items = command.args[1];
  if (path === undefined || items?.type !== 'list') return bad();
  const folder = selectableFolder(session.mailbox!, path);
  if (!folder) return unknownMailbox(path);
  const names = items.items.map((item) => (item.type === 'atom' ? item.value.toUpperCase() : ''));
  if (names.some((name) => !STATUS_ITEMS.has(name))) return bad();
  const values = names.map((name) => `${name} ${statusValue(folder, name)}`);
  session.write(`* STATUS ${quote(folder.path)} (${values.join(' ')})\r\n`);
  return ok();
};

function statusValue(folder: TFolder, name: string): number {
  switch (name) {
    case 'MESSAGES':
      return folder.entries.length;
    case 'UIDNEXT':
      return folder.uidNext;
    case 'UIDVALIDITY':
      return folder.uidValidity;
    case 'UNSEEN':
      return folder.entries.filter((entry) => !entry.message.flags.has('\\Seen')).length;
    case 'HIGHESTMODSEQ':
      return folder.highestModseq;
    default:
      return 0;
  }
}

export const selectHandler: TCommandHandler = (session, command) => select(session, command.args, false);
export const examineHandler: TCommandHandler = (session, command) => select(session, command.args, true);

async function select(session: ImapSession, args: TToken[], isReadOnly: boolean) {
  const path = tokenText(args[0]);
  if (path === undefined) return bad();
  session.selected = undefined;
  const folder = selectableFolder(session.mailbox!, path);
  if (!folder) return no(`[NONEXISTENT] Unknown Mailbox: ${path} (now in authenticated state) (Failure)`);
  const parameters = args[1]?.type === 'list' ? args[1].items : [];
  if (parameters.some((item) => item.type === 'atom' && item.value.toUpperCase() === 'CONDSTORE')) {
    session.isCondstoreEnabled = true;
  }
  const count = folder.entries.length;
  session.write(
    `* FLAGS (${SYSTEM_FLAGS})\r\n` +
      `* OK [PERMANENTFLAGS (${SYSTEM_FLAGS} \\*)] Flags permitted.\r\n` +
      `* OK [UIDVALIDITY ${folder.uidValidity}] UIDs valid.\r\n` +
      `* ${count} EXISTS\r\n` +
      '* 0 RECENT\r\n' +
      `* OK [UIDNEXT ${folder.uidNext}] Predicted next UID.\r\n` +
      `* OK [HIGHESTMODSEQ ${folder.highestModseq}]\r\n`,
  );
  session.selected = { folder, isReadOnly, knownCount: count };
  return ok(`[${isReadOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${folder.path} selected. (Success)`);
}

export const closeHandler: TCommandHandler = async (session) => {
  session.selected = undefined;
  return ok('Returned to authenticated state. (Success)');
};

export function selectableFolder(mailbox: UserMailbox, path: string): TFolder | undefined {
  const folder = mailbox.findFolder(path);
  return folder?.isSelectable ? folder : undefined;
}
