import type { TMigrationStatus, TMigrationStatusOptions } from '@wac/db';
import { AppError } from '../../errors/app-error';
import type { TPrisma } from '../../lib/db';
import { pingDatabase } from './health.repository';
import type { TReadiness } from './health.schemas';

// A load balancer polls this; a hung database must turn into a quick 503, not a hung probe.
const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label} timed out after ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createHealthService(deps: {
  prisma: TPrisma;
  databaseUrl: string;
  migrationsDir?: string;
  getMigrationStatus: (options: TMigrationStatusOptions) => Promise<TMigrationStatus>;
}) {
  return {
    async checkReadiness(): Promise<TReadiness> {
      try {
        await withTimeout(pingDatabase(deps.prisma), 'database ping');
      } catch (error) {
        throw new AppError('NOT_READY', {
          message: 'The database does not answer.',
          details: { database: 'unreachable' },
          cause: error,
        });
      }
      let pending: string[];
      try {
        const status = await withTimeout(
          deps.getMigrationStatus({ databaseUrl: deps.databaseUrl, migrationsDir: deps.migrationsDir }),
          'migration status',
        );
        pending = status.pending;
      } catch (error) {
        throw new AppError('NOT_READY', {
          message: 'The migration history cannot be read.',
          details: { database: 'ok', migrations: 'unknown' },
          cause: error,
        });
      }
      if (pending.length > 0) {
        throw new AppError('NOT_READY', {
          message: `${pending.length} database migration(s) are not applied yet.`,
          details: { database: 'ok', migrations: 'pending', pendingMigrations: pending },
        });
      }
      return { status: 'ready', checks: { database: 'ok', migrations: 'ok' } };
    },
  };
}

export type THealthService = ReturnType<typeof createHealthService>;
