import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { runMigrations } from '../migrations/migration-runner';

/*
 * A logical backup of the application's tables, taken and loaded through SQL rather than pg_dump:
 * the embedded Postgres (18) ships no pg_dump, and Debian's client here is 15, which refuses to
 * dump a newer server. Every table is read in ONE repeatable-read transaction (one snapshot, so
 * the dump is consistent while the server writes), one JSON object per row (row_to_json), and
 * loaded back with json_populate_recordset, so Postgres itself converts every type both ways.
 * The schema is not dumped: restore runs the migrations, which define it.
 */

export const DATABASE_BACKUP_FORMAT = 1;
// Rows per FETCH when dumping and per INSERT when loading: bounded memory, few round trips.
const BATCH_ROWS = 500;
// Recreated by the migration runner; pg-boss's jobs are transient and its schema is its own.
const SKIPPED_TABLES = new Set(['_prisma_migrations']);

export type TDatabaseDumpManifest = {
  format: number;
  serverVersion: string;
  /** Applied migrations at the snapshot, oldest first. */
  migrations: string[];
  tables: { name: string; file: string; rows: number }[];
};

async function listTables(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  return result.rows.map((row) => row.name).filter((name) => !SKIPPED_TABLES.has(name));
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Writes every application table to `outDir/<table>.jsonl.gz` from one snapshot and calls
 * `onSnapshotRow` for each row of `snapshotTable` (the archive's message addresses), so the caller
 * copies exactly the blobs this snapshot references.
 */
export async function dumpDatabase(options: {
  databaseUrl: string;
  outDir: string;
  /** Told each address of archived_messages in the snapshot (for the blob copy). */
  onArchivedAddress?: (address: string) => void;
}): Promise<TDatabaseDumpManifest> {
  await mkdir(options.outDir, { recursive: true });
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'wac-backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    const migrations = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const tables: TDatabaseDumpManifest['tables'] = [];
    for (const table of await listTables(client)) {
      const file = `${table}.jsonl.gz`;
      const rows = await dumpTable(client, table, path.join(options.outDir, file));
      tables.push({ name: table, file, rows });
    }
    if (options.onArchivedAddress !== undefined) {
      await forEachBatch(client, 'SELECT address FROM archived_messages', (batch) => {
        for (const row of batch) options.onArchivedAddress?.((row as { address: string }).address);
      });
    }
    await client.query('COMMIT');
    return {
      format: DATABASE_BACKUP_FORMAT,
      serverVersion: version.rows[0]?.server_version ?? 'unknown',
      migrations: migrations.rows.map((row) => row.migration_name),
      tables,
    };
  } finally {
    await client.end();
  }
}

async function forEachBatch(
  client: pg.ClientBase,
  sql: string,
  onBatch: (rows: unknown[]) => void | Promise<void>,
): Promise<void> {
  await client.query(`DECLARE backup_cursor NO SCROLL CURSOR FOR ${sql}`);
  try {
    for (;;) {
      const batch = await client.query(`FETCH ${BATCH_ROWS} FROM backup_cursor`);
      if (batch.rows.length === 0) break;
      await onBatch(batch.rows);
    }
  } finally {
    await client.query('CLOSE backup_cursor');
  }
}

async function dumpTable(client: pg.ClientBase, table: string, file: string): Promise<number> {
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  let rows = 0;
  await forEachBatch(client, `SELECT row_to_json(t)::text AS line FROM ${quote(table)} t`, async (batch) => {
    const chunk = `${batch.map((row) => (row as { line: string }).line).join('\n')}\n`;
    rows += batch.length;
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  });
  gzip.end();
  await written;
  return rows;
}

export class DatabaseRestoreError extends Error {
  override readonly name = 'DatabaseRestoreError';
}

/**
 * Loads a dump into an EMPTY database: migrations first (the code's own, which must include every
 * migration of the backup), then each table in foreign-key order with its user triggers off (the
 * rows already carry what the search and folder triggers would compute), then sequences moved past
 * the restored ids. One transaction: a failed restore leaves the tables empty.
 */
export async function loadDatabase(options: {
  databaseUrl: string;
  inDir: string;
  manifest: TDatabaseDumpManifest;
  migrationsDir?: string;
}): Promise<{ rows: number }> {
  const { manifest } = options;
  if (manifest.format !== DATABASE_BACKUP_FORMAT) {
    throw new DatabaseRestoreError(`Unknown database backup format ${manifest.format}.`);
  }
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'wac-restore' });
  await client.connect();
  try {
    const existing = await listTables(client);
    if (existing.length > 0) {
      throw new DatabaseRestoreError(
        `The target database is not empty (it has ${existing.length} tables, e.g. ${existing[0]}). Restore into a new, empty database.`,
      );
    }
    const applied = await runMigrations({
      databaseUrl: options.databaseUrl,
      ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
    });
    const unknown = manifest.migrations.filter((name) => !applied.includes(name));
    if (unknown.length > 0) {
      throw new DatabaseRestoreError(
        `The backup was taken by a newer release (migrations ${unknown.join(', ')} are unknown here). Restore with that release or a later one.`,
      );
    }
    await client.query('BEGIN');
    let rows = 0;
    const order = await tablesInForeignKeyOrder(client);
    const byName = new Map(manifest.tables.map((table) => [table.name, table]));
    for (const table of order) {
      const entry = byName.get(table);
      if (entry === undefined) continue;
      rows += await loadTable(client, table, path.join(options.inDir, entry.file));
    }
    await resetSequences(client);
    await client.query('COMMIT');
    return { rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function tablesInForeignKeyOrder(client: pg.ClientBase): Promise<string[]> {
  const tables = await listTables(client);
  const edges = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
  );
  const unquote = (name: string) => name.replace(/^"|"$/g, '');
  const parents = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const edge of edges.rows) parents.get(unquote(edge.child))?.add(unquote(edge.parent));
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const parent of parents.get(table) ?? []) visit(parent, path);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

async function loadTable(client: pg.ClientBase, table: string, file: string): Promise<number> {
  // Only columns a plain INSERT may write (no generated ones) that the backup has: a column added
  // by a later migration keeps its default.
  const columns = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'`,
    [table],
  );
  const writable = new Set(columns.rows.map((row) => row.name));
  await client.query(`ALTER TABLE ${quote(table)} DISABLE TRIGGER USER`);
  let rows = 0;
  let batch: string[] = [];
  let columnList: string | null = null;
  const flush = async () => {
    if (batch.length === 0 || columnList === null) return;
    await client.query(
      `INSERT INTO ${quote(table)} (${columnList}) SELECT ${columnList} FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`,
      [`[${batch.join(',')}]`],
    );
    rows += batch.length;
    batch = [];
  };
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    if (columnList === null) {
      const present = Object.keys(JSON.parse(line) as Record<string, unknown>).filter((name) =>
        writable.has(name),
      );
      columnList = present.map(quote).join(', ');
    }
    batch.push(line);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  await client.query(`ALTER TABLE ${quote(table)} ENABLE TRIGGER USER`);
  return rows;
}

async function resetSequences(client: pg.ClientBase): Promise<void> {
  const owned = await client.query<{ table_name: string; column_name: string; sequence: string }>(
    `SELECT c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS sequence
     FROM information_schema.columns c
     WHERE c.table_schema = 'public'
       AND pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL`,
  );
  for (const row of owned.rows) {
    await client.query(
      `SELECT setval($1, coalesce((SELECT max(${quote(row.column_name)}) FROM ${quote(row.table_name)}), 0) + 1, false)`,
      [row.sequence],
    );
  }
}
