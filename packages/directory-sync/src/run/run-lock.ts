import pg from 'pg';

// Arbitrary constants, distinct from the other advisory locks of the app.
/** Held (transaction-scoped) while a run row is created: makes check-then-insert atomic. */
export const SYNC_START_LOCK_KEY = 7_246_201;
/** Held (session-scoped) on its own connection for as long as a run executes, on any instance. */
export const SYNC_EXECUTION_LOCK_KEY = 7_246_202;

/** The lock and the connection holding it, which the run also uses for its bulk reads and writes. */
export type TRunLock = { client: pg.Client; release(): Promise<void> };

/**
 * The second guard behind the job queue's singleton policy: whatever enqueues a sync, only the
 * holder of this lock may execute one. Session locks die with their connection, so a crashed
 * instance cannot leave the lock behind. Returns null when another run holds it.
 */
export async function tryAcquireRunLock(databaseUrl: string): Promise<TRunLock | null> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'wac-directory-sync-lock',
  });
  // A dropped connection also drops the lock; the run notices nothing, but nothing else can rely
  // on the lock any more, so the error is only kept from crashing the process.
  client.on('error', () => {});
  await client.connect();
  try {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      SYNC_EXECUTION_LOCK_KEY,
    ]);
    if (!result.rows[0]?.locked) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    client,
    release: async () => {
      await client.query('SELECT pg_advisory_unlock($1)', [SYNC_EXECUTION_LOCK_KEY]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** A further connection for the run's bulk work; the caller ends it. */
export async function openRunConnection(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'wac-directory-sync' });
  client.on('error', () => {});
  await client.connect();
  return client;
}
