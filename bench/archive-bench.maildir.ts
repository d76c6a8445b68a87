// Seeds a Dovecot user's Maildir by writing message files directly (APPEND of 20,000 messages
// would take minutes; a delivery agent writes Maildir files the same way). Dovecot assigns UIDs
// when it first looks at the folder. Messages flagged for two folders are hard-linked into
// `.Archive` too, as Dovecot itself does for a COPY within one Maildir.
import { execFileSync } from 'node:child_process';
import { link, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeBenchMessage } from './archive-bench.messages';

export const SECOND_FOLDER = 'Archive';
const WRITERS = 8;

export type TSeeded = { messages: number; copies: number; bytes: number; copyBytes: number };

/**
 * Writes messages [from, from + count) of `user` (sized for a mailbox of `mailboxSize`) into
 * INBOX, plus the 5% flagged ones into Archive. `fresh` files go to new/ as just-delivered mail.
 */
export async function seedMaildir(options: {
  maildir: string;
  user: string;
  from: number;
  count: number;
  mailboxSize: number;
  fresh?: boolean;
}): Promise<TSeeded> {
  const sub = options.fresh ? 'new' : 'cur';
  const inbox = options.maildir;
  const archive = join(options.maildir, `.${SECOND_FOLDER}`);
  for (const dir of [inbox, archive])
    for (const part of ['cur', 'new', 'tmp']) await mkdir(join(dir, part), { recursive: true });
  await writeFile(join(archive, 'maildirfolder'), '');
  const seeded: TSeeded = { messages: 0, copies: 0, bytes: 0, copyBytes: 0 };
  let next = options.from;
  const end = options.from + options.count;
  const baseTime = 1_700_000_000 + options.from;
  const writer = async () => {
    for (;;) {
      const index = next++;
      if (index >= end) return;
      const { raw, inTwoFolders } = makeBenchMessage(options.user, index, options.mailboxSize);
      const base = `${baseTime + index}.M${index}P1.bench,S=${raw.length}`;
      const name = options.fresh ? base : `${base}:2,S`;
      const file = join(inbox, sub, name);
      await writeFile(file, raw);
      seeded.messages += 1;
      seeded.bytes += raw.length;
      if (inTwoFolders) {
        await link(file, join(archive, sub, name));
        seeded.copies += 1;
        seeded.copyBytes += raw.length;
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  return seeded;
}

/** As root, Dovecot's mail processes run as its own user, who must own the Maildirs. */
export function handMaildirsToDovecot(homeDir: string): void {
  if (process.getuid?.() !== 0) return;
  execFileSync('chown', ['-R', 'dovecot:dovecot', homeDir]);
}
