import type { TDb } from '../../lib/db';

// The table holds at most this one row (CHECK constraint in the migration).
const SETTINGS_ID = 1;

export async function findOidcSettings(db: TDb) {
  return db.oidcSettings.findUnique({ where: { id: SETTINGS_ID } });
}

export type TOidcSettingsRow = NonNullable<Awaited<ReturnType<typeof findOidcSettings>>>;

export async function saveOidcSettings(
  db: TDb,
  data: {
    clientId: string;
    /** undefined keeps the stored secret. */
    sealedClientSecret: string | undefined;
    publicBaseUrl: string;
    instanceId: string | null;
    updatedByName: string;
  },
): Promise<TOidcSettingsRow> {
  const { sealedClientSecret, ...rest } = data;
  const secret = sealedClientSecret === undefined ? {} : { sealedClientSecret };
  return db.oidcSettings.upsert({
    where: { id: SETTINGS_ID },
    create: { id: SETTINGS_ID, ...rest, ...secret },
    update: { ...rest, ...secret },
  });
}
