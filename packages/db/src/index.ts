export {
  DATABASE_BACKUP_FORMAT,
  DatabaseRestoreError,
  dumpDatabase,
  loadDatabase,
  type TDatabaseDumpManifest,
} from './backup/database-backup';
export { redactDatabaseUrl, withDatabaseName } from './database-url';
export {
  startEmbeddedPostgres,
  type TEmbeddedPostgres,
  type TStartEmbeddedPostgresOptions,
} from './embedded-postgres/embedded-postgres.launcher';
export { findRunningEmbeddedPostgres } from './embedded-postgres/running-embedded-postgres';
export * from './generated/prisma/client';
export { defaultMigrationsDir } from './migrations/default-migrations-dir';
export { MigrationError, type TMigrationErrorCode } from './migrations/migration-error';
export {
  computeMigrationChecksum,
  listMigrationFiles,
  type TMigrationFile,
} from './migrations/migration-files';
export {
  getMigrationStatus,
  MIGRATION_LOCK_KEY,
  runMigrations,
  type TMigrationStatus,
  type TMigrationStatusOptions,
  type TRunMigrationsOptions,
} from './migrations/migration-runner';
export { createPrismaClient, type TPrismaClientOptions } from './prisma-client.factory';
export { toUserNameKey } from './user-name-key';
