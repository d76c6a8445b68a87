import type { TDb } from '../../lib/db';

export type TApiTokenRow = {
  id: string;
  name: string;
  tokenPrefix: string;
  senders: string[];
  createdAt: Date;
  createdByName: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const select = {
  id: true,
  name: true,
  tokenPrefix: true,
  senders: true,
  createdAt: true,
  createdByName: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export async function insertApiToken(
  db: TDb,
  data: {
    name: string;
    tokenHash: string;
    tokenPrefix: string;
    senders: string[];
    createdByName: string;
    createdAt: Date;
  },
): Promise<TApiTokenRow> {
  return db.sendApiToken.create({ data, select });
}

export async function listApiTokens(db: TDb): Promise<TApiTokenRow[]> {
  return db.sendApiToken.findMany({ orderBy: { createdAt: 'desc' }, select });
}

export async function findApiTokenByHash(db: TDb, tokenHash: string): Promise<TApiTokenRow | null> {
  return db.sendApiToken.findUnique({ where: { tokenHash }, select });
}

export async function findApiTokenNames(db: TDb, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.sendApiToken.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true },
  });
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Revokes once; a second revoke keeps the first time. Null when there is no such token. */
export async function revokeApiToken(db: TDb, id: string, at: Date): Promise<TApiTokenRow | null> {
  await db.sendApiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  return db.sendApiToken.findUnique({ where: { id }, select });
}

export async function touchApiToken(db: TDb, id: string, at: Date): Promise<void> {
  await db.sendApiToken.update({ where: { id }, data: { lastUsedAt: at } });
}
