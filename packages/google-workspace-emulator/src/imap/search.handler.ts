import { type TToken, tokenText } from './command-parser';
import { normalizeLabel } from './gmail-labels';
import { parseImapDate } from './imap-format';
import { bad, type ImapSession, ok, type TCommandHandler, type TReply } from './imap-session';
import type { TFolderEntry } from './mailbox.store';
import { isSequenceSet, parseSequenceSet, type TRange } from './sequence-set';

type TPredicate = (entry: TFolderEntry, seq: number) => boolean;

class SearchSyntaxError extends Error {}

export const searchHandler: TCommandHandler = (session, command) => search(session, command.args, false);
export const uidSearchHandler: TCommandHandler = (session, command) => search(session, command.args, true);

async function search(session: ImapSession, rawArgs: TToken[], isUid: boolean): Promise<TReply> {
  const args = [...rawArgs];
  const first = args[0];
  if (first?.type === 'atom' && first.value.toUpperCase() === 'CHARSET') args.splice(0, 2);
  const entries = session.selected!.folder.entries;
  const context = {
    largestUid: entries[entries.length - 1]?.uid ?? 0,
    count: entries.length,
    usesModseq: false,
  };
  let predicate: TPredicate;
  try {
    const predicates: TPredicate[] = [];
    while (args.length > 0) predicates.push(parseKey(args, context));
    predicate = (entry, seq) => predicates.every((test) => test(entry, seq));
  } catch (error) {
    if (error instanceof SearchSyntaxError) return bad();
    throw error;
  }
  const found: number[] = [];
  entries.forEach((entry, index) => {
    if (predicate(entry, index + 1)) found.push(index);
  });
  const numbers = found.map((index) => (isUid ? entries[index]!.uid : index + 1));
  // RFC 7162: a search by MODSEQ reports the highest mod-sequence of what it found.
  const modseq =
    context.usesModseq && found.length > 0
      ? ` (MODSEQ ${Math.max(...found.map((index) => entries[index]!.message.modseq))})`
      : '';
  session.write(`* SEARCH${numbers.map((n) => ` ${n}`).join('')}${modseq}\r\n`);
  if (context.usesModseq) session.isCondstoreEnabled = true;
  return ok();
}

type TContext = { largestUid: number; count: number; usesModseq: boolean };

function parseKey(args: TToken[], context: TContext): TPredicate {
  const token = args.shift();
  if (!token) throw new SearchSyntaxError();
  if (token.type === 'list') {
    const inner = [...token.items];
    const predicates: TPredicate[] = [];
    while (inner.length > 0) predicates.push(parseKey(inner, context));
    return (entry, seq) => predicates.every((test) => test(entry, seq));
  }
  const word = tokenText(token) ?? '';
  const key = word.toUpperCase();
  if (token.type === 'atom' && isSequenceSet(word)) {
    const ranges = parseSequenceSet(word, context.count)!;
    return (_entry, seq) => inRanges(seq, ranges);
  }
  switch (key) {
    case 'ALL':
      return () => true;
    case 'UID': {
      const ranges = parseSequenceSet(argument(args), context.largestUid);
      if (!ranges) throw new SearchSyntaxError();
      return (entry) => inRanges(entry.uid, ranges);
    }
    case 'SEEN':
    case 'FLAGGED':
    case 'DELETED':
    case 'DRAFT':
    case 'ANSWERED': {
      const flag = `\\${key[0]}${key.slice(1).toLowerCase()}`;
      return (entry) => entry.message.flags.has(flag);
    }
    case 'UNSEEN':
    case 'UNFLAGGED':
    case 'UNDELETED':
    case 'UNDRAFT':
    case 'UNANSWERED': {
      const flag = `\\${key[2]}${key.slice(3).toLowerCase()}`;
      return (entry) => !entry.message.flags.has(flag);
    }
    case 'SINCE':
    case 'BEFORE':
    case 'ON':
      return dateKey(key, argument(args));
    case 'LARGER':
    case 'SMALLER': {
      const size = Number(argument(args));
      return (entry) =>
        key === 'LARGER' ? entry.message.raw.length > size : entry.message.raw.length < size;
    }
    case 'MODSEQ': {
      context.usesModseq = true;
      const modseq = Number(argument(args));
      return (entry) => entry.message.modseq >= modseq;
    }
    case 'X-GM-MSGID': {
      const id = BigInt(argument(args));
      return (entry) => entry.message.gmMsgId === id;
    }
    case 'X-GM-THRID': {
      const id = BigInt(argument(args));
      return (entry) => entry.message.gmThrId === id;
    }
    case 'X-GM-LABELS': {
      const label = normalizeLabel(argument(args));
      return (entry) => entry.message.labels.has(label);
    }
    case 'NOT': {
      const inner = parseKey(args, context);
      return (entry, seq) => !inner(entry, seq);
    }
    case 'OR': {
      const left = parseKey(args, context);
      const right = parseKey(args, context);
      return (entry, seq) => left(entry, seq) || right(entry, seq);
    }
    default:
      throw new SearchSyntaxError();
  }
}

function argument(args: TToken[]): string {
  const value = tokenText(args.shift());
  if (value === undefined) throw new SearchSyntaxError();
  return value;
}

function inRanges(value: number, ranges: readonly TRange[]): boolean {
  return ranges.some((range) => value >= range.from && value <= range.to);
}

const DAY_MS = 24 * 3600 * 1000;

function dateKey(key: 'SINCE' | 'BEFORE' | 'ON', text: string): TPredicate {
  const day = parseImapDate(text);
  if (!day) throw new SearchSyntaxError();
  const start = day.getTime();
  return (entry) => {
    const time = entry.message.internalDate.getTime();
    if (key === 'SINCE') return time >= start;
    if (key === 'BEFORE') return time < start;
    return time >= start && time < start + DAY_MS;
  };
}
