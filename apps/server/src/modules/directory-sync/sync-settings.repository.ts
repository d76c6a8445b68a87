import type { Prisma } from '@wac/db';
import {
  defaultSyncSettings,
  type TArchiveAccess,
  type TSyncGroup,
  type TSyncSettings,
} from '@wac/directory-sync';
import type { TDb } from '../../lib/db';

const SETTINGS_ID = 1;

export type TStoredSyncSettings = {
  settings: TSyncSettings;
  updatedAt: Date | null;
  updatedByName: string | null;
};

export async function readSyncSettings(db: TDb): Promise<TStoredSyncSettings> {
  const row = await db.directorySyncSettings.findUnique({ where: { id: SETTINGS_ID } });
  if (row === null) return { settings: defaultSyncSettings(), updatedAt: null, updatedByName: null };
  return {
    settings: {
      groups: row.groups as unknown as TSyncGroup[],
      autoDelete: row.autoDelete,
      defaultPrivileges: row.defaultPrivileges,
      defaultArchiveAccess: row.defaultArchiveAccess as TArchiveAccess[],
      deletionThreshold: { percent: row.deletionThresholdPercent, count: row.deletionThresholdCount },
      schedule: { mode: row.scheduleMode, interval: row.scheduleInterval },
    },
    updatedAt: row.updatedAt,
    updatedByName: row.updatedByName,
  };
}

export async function writeSyncSettings(
  db: TDb,
  settings: TSyncSettings,
  updatedByName: string,
): Promise<void> {
  const data = {
    groups: settings.groups as unknown as Prisma.InputJsonValue,
    autoDelete: settings.autoDelete,
    defaultPrivileges: settings.defaultPrivileges,
    defaultArchiveAccess: settings.defaultArchiveAccess,
    deletionThresholdPercent: settings.deletionThreshold.percent,
    deletionThresholdCount: settings.deletionThreshold.count,
    scheduleMode: settings.schedule.mode,
    scheduleInterval: settings.schedule.interval,
    updatedByName,
  };
  await db.directorySyncSettings.upsert({
    where: { id: SETTINGS_ID },
    create: { id: SETTINGS_ID, ...data },
    update: data,
  });
}
