import { type OidcFlowPurpose, Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';

const RECORD_NOT_FOUND = 'P2025';

export type TAuthRequestRow = {
  id: string;
  purpose: OidcFlowPurpose;
  browserBindingHash: string;
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
  testRunId: string | null;
  createdAt: Date;
  expiresAt: Date;
};

export async function insertAuthRequest(db: TDb, row: TAuthRequestRow): Promise<void> {
  await db.oidcAuthRequest.create({ data: row });
}

/**
 * Deletes and returns the request: of two callbacks racing with the same state, exactly one gets
 * the row (the other finds nothing to delete), so a state and the code bound to it count once.
 */
export async function takeAuthRequest(db: TDb, id: string): Promise<TAuthRequestRow | null> {
  try {
    return await db.oidcAuthRequest.delete({ where: { id } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === RECORD_NOT_FOUND) return null;
    throw error;
  }
}

export async function deleteExpiredAuthRequests(db: TDb, now: Date): Promise<void> {
  await db.oidcAuthRequest.deleteMany({ where: { expiresAt: { lte: now } } });
}

/** Keeps only the newest `keep` open requests of one browser (a tab opened many times, or a script). */
export async function pruneAuthRequestsOfBrowser(
  db: TDb,
  browserBindingHash: string,
  keep: number,
): Promise<void> {
  const newest = await db.oidcAuthRequest.findMany({
    where: { browserBindingHash },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: keep,
    select: { id: true },
  });
  await db.oidcAuthRequest.deleteMany({
    where: { browserBindingHash, id: { notIn: newest.map((row) => row.id) } },
  });
}
