import type { ClientBase } from 'pg';

export type TSqlClient = Pick<ClientBase, 'query'>;

/**
 * One batch, one transaction. Commits do not wait for the WAL flush: a crash of Postgres could
 * lose the last batches, together with their history rows, and the next sync redoes them;
 * waiting for a disk flush a hundred times would cost a 100,000-user sync seconds.
 */
export async function inTransaction<T>(sql: TSqlClient, work: () => Promise<T>): Promise<T> {
  // One round-trip: without parameters, pg sends both statements as one simple query.
  await sql.query('BEGIN; SET LOCAL synchronous_commit = off');
  try {
    const result = await work();
    await sql.query('COMMIT');
    return result;
  } catch (error) {
    await sql.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
