import { MigrationError } from './migration-error';
import type { TMigrationFile } from './migration-files';
import { migrationMatchesChecksum } from './migration-files';
import type { TMigrationRecord } from './migration-history';

export type TMigrationPlan = {
  applied: string[];
  pending: TMigrationFile[];
  /** Recorded as applied but absent from the folder: the database is newer than this code. */
  unknownApplied: string[];
};

/**
 * Decides what to apply from the folder and the recorded history. Rolled-back rows are
 * ignored, as `prisma migrate deploy` does; a row that started and never finished means a
 * migration broke half-way outside this runner, and needs a human before anything else runs.
 */
export function planMigrations(files: TMigrationFile[], records: TMigrationRecord[]): TMigrationPlan {
  const live = records.filter((record) => record.rolledBackAt === null);
  const unfinished = live.find((record) => record.finishedAt === null);
  if (unfinished) {
    throw new MigrationError(
      'UNFINISHED_MIGRATION',
      `Migration ${unfinished.migrationName} started at ${unfinished.startedAt.toISOString()} but never ` +
        'finished. Repair the database by hand, then mark the migration as rolled back ' +
        '(prisma migrate resolve --rolled-back, or set rolled_back_at in _prisma_migrations).',
    );
  }
  const finishedByName = new Map(live.map((record) => [record.migrationName, record]));
  const applied: string[] = [];
  const pending: TMigrationFile[] = [];
  for (const file of files) {
    const record = finishedByName.get(file.name);
    if (!record) {
      pending.push(file);
      continue;
    }
    if (!migrationMatchesChecksum(file.sql, record.checksum)) {
      throw new MigrationError(
        'CHECKSUM_MISMATCH',
        `Migration ${file.name} was changed after it was applied to this database ` +
          `(recorded checksum ${record.checksum}, file checksum ${file.checksum}). ` +
          'Applied migrations must never be edited: restore the file and put the change in a new migration.',
      );
    }
    applied.push(file.name);
  }
  const known = new Set(files.map((file) => file.name));
  const unknownApplied = [...finishedByName.keys()].filter((name) => !known.has(name));
  return { applied, pending, unknownApplied };
}
