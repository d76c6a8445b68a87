import type { TDb } from '../../lib/db';

export async function pingDatabase(db: TDb): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
