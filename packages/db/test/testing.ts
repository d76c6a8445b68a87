import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabaseName } from '../src/database-url';
import type { PrismaClient } from '../src/generated/prisma/client';
import { createPrismaClient } from '../src/prisma-client.factory';
import { TEMPLATE_DATABASE } from './template-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's embedded Postgres (database `postgres`); see global-setup.ts. */
    postgresAdminUrl: string;
  }
}

export type TTestDatabase = {
  databaseName: string;
  databaseUrl: string;
  prisma: PrismaClient;
  /** Disconnects `prisma` and drops the database; call it in afterAll. */
  drop(): Promise<void>;
};

export type TEmptyTestDatabase = Omit<TTestDatabase, 'prisma'>;

const OBJECT_IN_USE = '55006';

/** A fresh, fully migrated database of its own, cloned from the run's template. */
export async function createTestDatabase(): Promise<TTestDatabase> {
  const database = await createDatabase(TEMPLATE_DATABASE);
  const prisma = createPrismaClient(database.databaseUrl);
  return {
    ...database,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}

/** A fresh database with no tables at all, for tests of the migration runner itself. */
export function createEmptyTestDatabase(): Promise<TEmptyTestDatabase> {
  return createDatabase('template0');
}

async function createDatabase(template: string): Promise<TEmptyTestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const databaseName = `wac_test_${randomBytes(8).toString('hex')}`;
  await withAdminClient(adminUrl, async (client) => {
    // Two clones of one template at the same instant can collide on its lock: retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${databaseName} TEMPLATE ${template}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt >= 20) throw error;
        await sleep(50 * attempt);
      }
    }
  });
  return {
    databaseName,
    databaseUrl: withDatabaseName(adminUrl, databaseName),
    drop: () =>
      withAdminClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      }),
  };
}

async function withAdminClient(adminUrl: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
