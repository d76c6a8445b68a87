import pg from 'pg';

export type TTableWrites = Record<string, { inserted: number; updated: number; deleted: number }>;

/**
 * Rows inserted/updated/deleted per table since the database was created. Statistics of a
 * backend reach the shared counters only some time after it goes idle, or as it exits, so the
 * writes to count must come from clients on writerUrl(), disconnected before reading.
 */
export const WRITER_APPLICATION_NAME = 'wac-test-writer';

/** The URL for clients whose writes readTableWrites must see: it waits for them to disconnect. */
export function writerUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', WRITER_APPLICATION_NAME);
  return url.toString();
}

export async function readTableWrites(databaseUrl: string, tables: readonly string[]): Promise<TTableWrites> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A backend flushes its counters as it exits: wait until every writer session has gone.
    for (let attempt = 0; attempt < 100; attempt++) {
      const others = await client.query<{ count: string }>(
        'SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [WRITER_APPLICATION_NAME],
      );
      if (others.rows[0]?.count === '0') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query('SELECT pg_stat_clear_snapshot()');
    const result = await client.query<{ relname: string; ins: string; upd: string; del: string }>(
      'SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables WHERE relname = ANY($1)',
      [tables],
    );
    const writes: TTableWrites = {};
    for (const row of result.rows) {
      writes[row.relname] = { inserted: Number(row.ins), updated: Number(row.upd), deleted: Number(row.del) };
    }
    return writes;
  } finally {
    await client.end();
  }
}
