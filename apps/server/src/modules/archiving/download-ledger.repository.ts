import type { TDb } from '../../lib/db';

export const BUDGET_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Bytes this account downloaded in the rolling window ending now. */
export async function bytesDownloadedSince(db: TDb, userEmail: string, since: Date): Promise<number> {
  const result = await db.archiveDownloadLedger.aggregate({
    where: { userEmail, at: { gt: since } },
    _sum: { bytes: true },
  });
  return Number(result._sum.bytes ?? 0n);
}

/** When enough of the window's downloads will have aged out to leave a tenth of the budget free. */
export async function budgetFreesAt(
  db: TDb,
  userEmail: string,
  since: Date,
  budgetBytes: number,
): Promise<Date | null> {
  const entries = await db.archiveDownloadLedger.findMany({
    where: { userEmail, at: { gt: since } },
    orderBy: { at: 'asc' },
    select: { at: true, bytes: true },
  });
  let used = entries.reduce((sum, entry) => sum + Number(entry.bytes), 0);
  for (const entry of entries) {
    used -= Number(entry.bytes);
    // Resume once at least a tenth of the budget is free again, rather than for a few bytes.
    if (used <= budgetBytes * 0.9) return new Date(entry.at.getTime() + BUDGET_WINDOW_MS);
  }
  return null;
}

export async function recordDownload(
  db: TDb,
  entry: { userEmail: string; bytes: number; runMailboxId: string; at: Date },
): Promise<void> {
  if (entry.bytes <= 0) return;
  await db.archiveDownloadLedger.create({
    data: {
      userEmail: entry.userEmail,
      bytes: BigInt(Math.round(entry.bytes)),
      runMailboxId: entry.runMailboxId,
      at: entry.at,
    },
  });
}
