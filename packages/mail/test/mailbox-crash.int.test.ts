import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveMailbox } from '../src/archiver/mailbox.archiver';
import { sha256, startArchiveHarness, type TArchiveHarness } from './support/archive-test.harness';
import { makeMessage, seedMessages } from './support/mail-test-env';

describe('kill -9 mid-run, then resume', () => {
  let h: TArchiveHarness;
  beforeAll(async () => {
    h = await startArchiveHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('loses nothing and stores nothing twice', async () => {
    const user = 'heidi@example.net';
    const folderId = await h.newArchiveFolder(user);
    const messages = Array.from({ length: 200 }, (_, n) =>
      makeMessage({ subject: `crash ${n}`, body: 'z'.repeat(30_000) }),
    );
    await seedMessages(h.env, user, 'INBOX', messages);
    const target = h.target(folderId, user);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./support/archive-child.script.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          ARCHIVE_CHILD_INPUT: JSON.stringify({
            databaseUrl: h.db.databaseUrl,
            storeRoot: h.storeRoot,
            masterKey: h.masterKey.toString('base64'),
            accessToken: await h.env.getAccessToken(user),
            imap: { host: h.env.dovecot.host, port: h.env.dovecot.port, secure: false },
            target,
          }),
        },
        stdio: 'inherit',
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill once a few batches are committed, while the run is still going.
    let copies = 0;
    for (let i = 0; i < 600 && copies < 20; i++) {
      await sleep(25);
      const { rows } = await h.pool.query(
        'SELECT count(*)::int AS n FROM archived_message_copies WHERE archive_folder_id = $1',
        [folderId],
      );
      copies = rows[0].n;
    }
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    await exited;
    const { rows: atKill } = await h.pool.query(
      'SELECT count(*)::int AS n FROM archived_message_copies WHERE archive_folder_id = $1',
      [folderId],
    );
    expect(atKill[0].n).toBeGreaterThan(0);
    expect(atKill[0].n).toBeLessThan(200);
    const { rows: cp } = await h.pool.query(
      'SELECT highest_uid::int AS uid FROM mailbox_checkpoints WHERE archive_folder_id = $1',
      [folderId],
    );
    // The checkpoint never claims more than the committed rows.
    expect(cp[0]?.uid ?? 0).toBeLessThanOrEqual(atKill[0].n);

    h.fetchedUids.clear();
    const resumed = await archiveMailbox(h.deps(), target);
    expect(resumed.status).toBe('complete');
    expect(resumed.archived).toBe(200 - atKill[0].n);
    expect(Math.min(...(h.fetchedUids.get('INBOX') ?? [0]))).toBeGreaterThan(atKill[0].n);
    const hashes = await h.storedHashes(folderId);
    expect(hashes.size).toBe(200);
    expect([...hashes.values()].sort()).toEqual(messages.map(sha256).sort());
  });
});
