import pg from 'pg';

export type TMailboxLock = { release(): Promise<void> };

/**
 * A session-level advisory lock per mailbox, held on its own connection for as long as the mailbox
 * is archived, on any instance: the second guard behind the queue's singleton key. It dies with
 * its connection, so a crashed instance cannot leave a mailbox locked. Null when someone holds it.
 */
export async function tryLockMailbox(databaseUrl: string, userEmail: string): Promise<TMailboxLock | null> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'wac-archive-mailbox-lock',
  });
  // A dropped connection drops the lock too; the archiver carries on and the error must not crash us.
  client.on('error', () => {});
  await client.connect();
  const key = `wac-archive-mailbox:${userEmail}`;
  try {
    const result = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [key],
    );
    if (!result.rows[0]?.locked) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    release: async () => {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
