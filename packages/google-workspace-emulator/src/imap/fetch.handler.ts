import { IMAP_TEXT } from './authenticate.handler';
import type { TCommand } from './command-parser';
import {
  contentBytes,
  isMessageDownload,
  parseFetchItems,
  type TContentItem,
  type TFetchItem,
} from './fetch-items';
import { formatEnvelope, formatFlags, formatInternalDate, formatLabels } from './imap-format';
import { bad, type ImapSession, no, ok, type TCommandHandler, type TReply } from './imap-session';
import type { TFolderEntry } from './mailbox.store';
import { indexesBySequence, indexesByUid, isSequenceSet, parseSequenceSet } from './sequence-set';

const FETCH_FAILED = 'Some messages could not be FETCHed (Failure)';

export const fetchHandler: TCommandHandler = (session, command) => fetch(session, command.args, false);
export const uidFetchHandler: TCommandHandler = (session, command) => fetch(session, command.args, true);

async function fetch(session: ImapSession, args: TCommand['args'], isUid: boolean): Promise<TReply> {
  const [setToken, itemsToken, modifiers] = args;
  if (setToken?.type !== 'atom' || !isSequenceSet(setToken.value)) return bad();
  const items = parseFetchItems(itemsToken);
  if (!items) return bad();
  const changedSince = parseChangedSince(modifiers);
  if (changedSince === null) return bad();
  if (isUid && !items.some((item) => item.kind === 'simple' && item.name === 'UID')) {
    items.unshift({ kind: 'simple', name: 'UID' });
  }
  if (changedSince !== undefined) {
    session.isCondstoreEnabled = true;
    if (!items.some((item) => item.kind === 'simple' && item.name === 'MODSEQ'))
      items.push({ kind: 'simple', name: 'MODSEQ' });
  }

  const user = session.user!;
  const { folder, isReadOnly } = session.selected!;
  const hasContent = items.some((item) => item.kind === 'content');
  const { faults, fetchLog } = session.deps;
  const limit = faults.downloadLimit(user);
  const isOverLimit = () => limit !== undefined && fetchLog.bytesFetched(user) >= limit;
  if (hasContent && (faults.isOverQuota(user, 'fetch') || isOverLimit())) return no(IMAP_TEXT.overQuota);

  const entries = folder.entries;
  const largest = isUid ? (entries[entries.length - 1]?.uid ?? 0) : entries.length;
  const ranges = parseSequenceSet(setToken.value, largest);
  if (!ranges) return bad();
  const indexes = isUid ? indexesByUid(entries, ranges) : indexesBySequence(entries.length, ranges);

  let hasFailure = false;
  for (const index of indexes) {
    const entry = entries[index]!;
    const message = entry.message;
    if (changedSince !== undefined && message.modseq <= changedSince) continue;
    if (hasContent && faults.takeMessageFailure(user, message.gmMsgId)) {
      hasFailure = true;
      continue;
    }
    if (hasContent && isOverLimit()) return no(IMAP_TEXT.overQuota);
    if (!isReadOnly && items.some((item) => item.kind === 'content' && item.setsSeen)) {
      session.mailbox!.addFlag(message, '\\Seen');
    }
    writeMessage(session, index + 1, entry, items);
    if (hasContent) {
      logDownload(session, folder.path, entry, items);
      if (faults.countForDrop(user)) {
        await session.dropAfterFlush();
        return no('dropped');
      }
    }
    await session.drain();
  }
  return hasFailure ? no(FETCH_FAILED) : ok();
}

/** `(CHANGEDSINCE n)`: undefined when absent, null when malformed. */
function parseChangedSince(modifiers: TCommand['args'][number] | undefined): number | undefined | null {
  if (!modifiers) return undefined;
  if (modifiers.type !== 'list') return null;
  const [name, value] = modifiers.items;
  if (name?.type !== 'atom' || name.value.toUpperCase() !== 'CHANGEDSINCE') return null;
  if (value?.type !== 'atom' || !/^\d+$/.test(value.value)) return null;
  return Number(value.value);
}

// The stored Buffer goes to the socket as it is: no per-fetch copy of the message.
function writeMessage(session: ImapSession, seq: number, entry: TFolderEntry, items: readonly TFetchItem[]) {
  const message = entry.message;
  let text = `* ${seq} FETCH (`;
  items.forEach((item, position) => {
    if (position > 0) text += ' ';
    if (item.kind === 'content') {
      const bytes = contentBytes(message.raw, item);
      session.write(`${text}${item.responseName} {${bytes.length}}\r\n`);
      session.write(bytes);
      text = '';
      return;
    }
    text += `${item.name} ${simpleValue(item.name, entry)}`;
  });
  session.write(`${text})\r\n`);
}

function simpleValue(name: Extract<TFetchItem, { kind: 'simple' }>['name'], entry: TFolderEntry): string {
  const message = entry.message;
  switch (name) {
    case 'UID':
      return String(entry.uid);
    case 'FLAGS':
      return formatFlags(message.flags);
    case 'RFC822.SIZE':
      return String(message.raw.length);
    case 'INTERNALDATE':
      return formatInternalDate(message.internalDate);
    case 'ENVELOPE':
      message.envelope ??= formatEnvelope(message.raw);
      return message.envelope;
    case 'X-GM-MSGID':
      return message.gmMsgId.toString();
    case 'X-GM-THRID':
      return message.gmThrId.toString();
    case 'X-GM-LABELS':
      return formatLabels(message.labels);
    case 'MODSEQ':
      return `(${message.modseq})`;
  }
}

function logDownload(
  session: ImapSession,
  folder: string,
  entry: TFolderEntry,
  items: readonly TFetchItem[],
) {
  const downloads = items.filter((item): item is TContentItem => item.kind === 'content');
  const bytes = downloads.reduce((sum, item) => sum + contentBytes(entry.message.raw, item).length, 0);
  session.deps.fetchLog.record(
    {
      user: session.user!,
      folder,
      uid: entry.uid,
      gmMsgId: entry.message.gmMsgId.toString(),
      bytes,
      at: Date.now(),
    },
    downloads.some(isMessageDownload),
  );
}
