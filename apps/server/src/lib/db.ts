import type { Prisma, PrismaClient } from '@wac/db';

export type TPrisma = PrismaClient;

/** Repositories accept either the client or a transaction, so services decide the transaction scope. */
export type TDb = PrismaClient | Prisma.TransactionClient;
