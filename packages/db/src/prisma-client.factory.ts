import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type TPrismaClientOptions = {
  /** Upper bound of the pg pool behind the adapter (pg's default is 10). */
  maxConnections?: number;
};

export function createPrismaClient(databaseUrl: string, options: TPrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    ...(options.maxConnections === undefined ? {} : { max: options.maxConnections }),
  });
  return new PrismaClient({ adapter });
}
