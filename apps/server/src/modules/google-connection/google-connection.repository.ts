import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';

export const CONNECTION_ROW_ID = 1;

// Serialises key uploads and promotions across server instances (one active and one candidate slot).
const KEY_LOCK_KEY = 7_246_301;

const KEY_METADATA_SELECT = {
  id: true,
  slot: true,
  format: true,
  clientEmail: true,
  clientId: true,
  privateKeyId: true,
  projectId: true,
  tokenUri: true,
  uploadedAt: true,
  uploadedById: true,
  uploadedByName: true,
  checkedAt: true,
  checkErrorCode: true,
  checkErrorMessage: true,
} as const satisfies Prisma.GoogleServiceAccountKeySelect;

/** Everything about a stored key except the sealed private key. */
export type TKeyMetadataRow = Prisma.GoogleServiceAccountKeyGetPayload<{
  select: typeof KEY_METADATA_SELECT;
}>;

export type TSealedKeyRow = TKeyMetadataRow & { sealedPrivateKey: string };

export type TKeySlot = TKeyMetadataRow['slot'];

export type TNewKeyRow = Omit<TSealedKeyRow, 'slot' | 'checkedAt' | 'checkErrorCode' | 'checkErrorMessage'>;

export async function lockKeys(tx: TDb): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK_KEY})`;
}

export async function findKeyMetadata(db: TDb): Promise<TKeyMetadataRow[]> {
  return db.googleServiceAccountKey.findMany({ select: KEY_METADATA_SELECT });
}

/** The only read of a sealed private key; the service opens it and never returns it. */
export async function findSealedKey(db: TDb, slot: TKeySlot): Promise<TSealedKeyRow | null> {
  return db.googleServiceAccountKey.findUnique({
    where: { slot },
    select: { ...KEY_METADATA_SELECT, sealedPrivateKey: true },
  });
}

export async function findAdminUser(db: TDb): Promise<string | null> {
  const row = await db.googleConnection.findUnique({
    where: { id: CONNECTION_ROW_ID },
    select: { adminUser: true },
  });
  return row?.adminUser ?? null;
}

export async function saveAdminUser(db: TDb, adminUser: string, updatedByName: string): Promise<void> {
  await db.googleConnection.upsert({
    where: { id: CONNECTION_ROW_ID },
    create: { id: CONNECTION_ROW_ID, adminUser, updatedByName },
    update: { adminUser, updatedByName },
  });
}

/** Puts a key into a slot, replacing whatever was there. Call inside a transaction holding lockKeys. */
export async function replaceKeyInSlot(tx: TDb, slot: TKeySlot, key: TNewKeyRow): Promise<void> {
  await tx.googleServiceAccountKey.deleteMany({ where: { slot } });
  await tx.googleServiceAccountKey.create({ data: { ...key, slot } });
}

export async function deleteKeyInSlot(tx: TDb, slot: TKeySlot): Promise<number> {
  const { count } = await tx.googleServiceAccountKey.deleteMany({ where: { slot } });
  return count;
}

/** The candidate with this id becomes the active key; false when another upload replaced it meanwhile. */
export async function promoteCandidate(tx: TDb, candidateId: string, checkedAt: Date): Promise<boolean> {
  const candidate = await tx.googleServiceAccountKey.findUnique({
    where: { id: candidateId },
    select: { slot: true },
  });
  if (candidate?.slot !== 'CANDIDATE') return false;
  await tx.googleServiceAccountKey.deleteMany({ where: { slot: 'ACTIVE' } });
  await tx.googleServiceAccountKey.update({
    where: { id: candidateId },
    data: { slot: 'ACTIVE', checkedAt, checkErrorCode: null, checkErrorMessage: null },
  });
  return true;
}

export async function recordCandidateFailure(
  db: TDb,
  candidateId: string,
  failure: { checkedAt: Date; code: string; message: string },
): Promise<void> {
  await db.googleServiceAccountKey.updateMany({
    where: { id: candidateId, slot: 'CANDIDATE' },
    data: { checkedAt: failure.checkedAt, checkErrorCode: failure.code, checkErrorMessage: failure.message },
  });
}

export type TLastCheckRow = {
  checkedAt: Date;
  isPassed: boolean;
  /** As stored; the service validates it, since rows written by an older version may differ. */
  items: unknown;
  privateKeyId: string | null;
  adminUser: string | null;
};

export async function findLastCheck(db: TDb): Promise<TLastCheckRow | null> {
  const row = await db.googleConnection.findUnique({
    where: { id: CONNECTION_ROW_ID },
    select: {
      lastCheckAt: true,
      lastCheckIsPassed: true,
      lastCheckItems: true,
      lastCheckPrivateKeyId: true,
      lastCheckAdminUser: true,
    },
  });
  if (row?.lastCheckAt == null || row.lastCheckIsPassed === null) return null;
  return {
    checkedAt: row.lastCheckAt,
    isPassed: row.lastCheckIsPassed,
    items: row.lastCheckItems,
    privateKeyId: row.lastCheckPrivateKeyId,
    adminUser: row.lastCheckAdminUser,
  };
}

/** Replaces the stored Check setup result; creates the connection row when no admin user was saved yet. */
export async function saveLastCheck(
  db: TDb,
  check: {
    checkedAt: Date;
    isPassed: boolean;
    items: Prisma.InputJsonValue;
    privateKeyId: string | null;
    adminUser: string | null;
  },
): Promise<void> {
  const data = {
    lastCheckAt: check.checkedAt,
    lastCheckIsPassed: check.isPassed,
    lastCheckItems: check.items,
    lastCheckPrivateKeyId: check.privateKeyId,
    lastCheckAdminUser: check.adminUser,
  };
  await db.googleConnection.upsert({
    where: { id: CONNECTION_ROW_ID },
    create: { id: CONNECTION_ROW_ID, ...data },
    update: data,
  });
}
