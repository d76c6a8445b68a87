// The two yardsticks of the archive benchmark, against the same Dovecot: imapflow alone fetching
// every body and dropping it (the floor of any IMAP archiver in Node), and Debian's mbsync pulling
// the mailbox into an empty Maildir with its default, durable settings (FSync yes).
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type * as Imapflow from '../packages/mail/node_modules/imapflow';

// imapflow is @wac/mail's dependency, not the root's: resolved from that package.
const { ImapFlow } = createRequire(new URL('../packages/mail/package.json', import.meta.url))(
  'imapflow',
) as typeof Imapflow;

const run = promisify(execFile);

export type TPull = { ms: number; messages: number; bytes: number };

/**
 * Every body of every folder, fetched in one UID FETCH per folder and discarded. `sizesOnly`
 * fetches sizes instead: a warm-up that makes Dovecot build its indexes.
 */
export async function rawFetch(options: {
  host: string;
  port: number;
  user: string;
  accessToken: string;
  sizesOnly?: boolean;
}): Promise<TPull> {
  const client = new ImapFlow({
    host: options.host,
    port: options.port,
    secure: false,
    auth: { user: options.user, accessToken: options.accessToken },
    logger: false,
    disableAutoIdle: true,
  });
  const started = performance.now();
  await client.connect();
  let messages = 0;
  let bytes = 0;
  try {
    for (const folder of await client.list()) {
      if (folder.flags.has('\\Noselect')) continue;
      const box = await client.mailboxOpen(folder.path, { readOnly: true });
      if (box.exists === 0) continue;
      const query = options.sizesOnly ? { uid: true, size: true } : { uid: true, source: true };
      for await (const message of client.fetch('1:*', query, { uid: true })) {
        messages += 1;
        bytes += message.source?.length ?? message.size ?? 0;
      }
    }
  } finally {
    await client.logout();
  }
  return { ms: performance.now() - started, messages, bytes };
}

/** mbsync -a into an empty Maildir; the Maildir is removed afterwards. */
export async function mbsyncPull(options: {
  host: string;
  port: number;
  user: string;
  password: string;
  workDir: string;
}): Promise<TPull> {
  const dir = join(options.workDir, 'mbsync');
  const maildir = join(dir, 'Maildir');
  await rm(dir, { recursive: true, force: true });
  await mkdir(maildir, { recursive: true });
  const config = join(dir, 'mbsyncrc');
  // Nothing but what a pull needs; every durability setting (FSync) keeps its default.
  await writeFile(
    config,
    [
      'IMAPAccount bench',
      `Host ${options.host}`,
      `Port ${options.port}`,
      `User ${options.user}`,
      `Pass ${options.password}`,
      'SSLType None',
      'AuthMechs PLAIN',
      '',
      'IMAPStore remote',
      'Account bench',
      '',
      'MaildirStore local',
      `Path ${maildir}/`,
      `Inbox ${maildir}/INBOX`,
      'SubFolders Verbatim',
      '',
      'Channel pull',
      'Far :remote:',
      'Near :local:',
      'Patterns *',
      'Create Near',
      'Sync Pull',
      'SyncState *',
      '',
    ].join('\n'),
  );
  const started = performance.now();
  await run('mbsync', ['-c', config, '-a', '-q'], { maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - started;
  const { stdout } = await run('sh', [
    '-c',
    `find "${maildir}" -type f -path '*/cur/*' -o -type f -path '*/new/*' | wc -l; du -sb "${maildir}" | cut -f1`,
  ]);
  const [count = '0', size = '0'] = stdout.trim().split('\n');
  await rm(dir, { recursive: true, force: true });
  return { ms, messages: Number(count), bytes: Number(size) };
}
