import type { TDb } from '../../lib/db';

export type TSendSettingsRow = {
  listedSenders: string[];
  notificationSender: string | null;
  notificationRecipients: string[];
  notifySyncProblems: boolean;
  notifyMailboxProblems: boolean;
  notifyKeyAge: boolean;
};

const DEFAULTS: TSendSettingsRow = {
  listedSenders: [],
  notificationSender: null,
  notificationRecipients: [],
  notifySyncProblems: true,
  notifyMailboxProblems: true,
  notifyKeyAge: true,
};

export async function findSendSettings(db: TDb): Promise<TSendSettingsRow> {
  const row = await db.sendSettings.findUnique({ where: { id: 1 } });
  return row ?? DEFAULTS;
}

export async function saveSendSettings(db: TDb, settings: TSendSettingsRow): Promise<void> {
  await db.sendSettings.upsert({ where: { id: 1 }, create: { id: 1, ...settings }, update: settings });
}

/** Synced, active users holding the "send" privilege: their addresses (primary and aliases). */
export async function findPrivilegedSenders(db: TDb): Promise<{ userName: string; emails: string[] }[]> {
  return db.user.findMany({
    where: {
      privileges: { has: 'send' },
      isSuspended: false,
      isArchived: false,
      authMethod: { not: 'LOCAL' },
    },
    select: { userName: true, emails: true },
    orderBy: { userName: 'asc' },
  });
}

/** Whether an active user holding "send" has this address (primary or alias). */
export async function isPrivilegedSender(db: TDb, address: string): Promise<boolean> {
  const count = await db.user.count({
    where: {
      privileges: { has: 'send' },
      isSuspended: false,
      isArchived: false,
      authMethod: { not: 'LOCAL' },
      emails: { has: address },
    },
  });
  return count > 0;
}
