import { fileURLToPath } from 'node:url';

/** <repo>/prisma/migrations, found from this file so it works from any working directory. */
export const defaultMigrationsDir: string = fileURLToPath(
  new URL('../../../../prisma/migrations', import.meta.url),
);
