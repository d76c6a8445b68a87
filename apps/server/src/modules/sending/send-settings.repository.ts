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

/**
 * One round trip on the send API's hot path: the address is listed in the settings, or an active
 * synced user holding "send" has it (primary or alias).
 */
export async function isAllowedSenderAddress(db: TDb, address: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ allowed: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM send_settings WHERE id = 1 AND ${address} = ANY (listed_senders))
        OR EXISTS (
          SELECT 1 FROM users
          WHERE ${address} = ANY (emails) AND 'send' = ANY (privileges)
            AND NOT is_suspended AND NOT is_archived AND auth_method <> 'LOCAL'
        ) AS allowed`;
  return rows[0]?.allowed === true;
}
