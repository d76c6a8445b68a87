import type { TUpdate, TUserPatch } from '../plan/plan.types';

type TPatchField = keyof TUserPatch;

/** Column and record type of each field an update can change. */
const COLUMNS: Record<TPatchField, { column: string; type: string }> = {
  googleUserId: { column: 'google_user_id', type: 'text' },
  userName: { column: 'user_name', type: 'text' },
  fullName: { column: 'full_name', type: 'text' },
  emails: { column: 'emails', type: 'text[]' },
  isSuspended: { column: 'is_suspended', type: 'boolean' },
  isArchived: { column: 'is_archived', type: 'boolean' },
  orgUnitPath: { column: 'org_unit_path', type: 'text' },
};

const FIELD_ORDER = Object.keys(COLUMNS) as TPatchField[];

export function patchFields(update: TUpdate): TPatchField[] {
  return FIELD_ORDER.filter((field) => field in update.patch);
}

/**
 * One UPDATE … FROM jsonb_to_recordset per set of changed fields: a single round-trip for many
 * users that still writes only the columns that changed. Only DIRECTORY users are touched, even
 * if a user became LOCAL between planning and applying.
 */
export function buildBulkUpdateSql(fields: readonly TPatchField[]): string {
  const assignments = fields.map((field) => `"${COLUMNS[field].column}" = r."${COLUMNS[field].column}"`);
  const recordColumns = fields.map((field) => `"${COLUMNS[field].column}" ${COLUMNS[field].type}`);
  if (fields.includes('userName')) {
    assignments.push('"user_name_key" = r."user_name_key"');
    recordColumns.push('"user_name_key" text');
  }
  assignments.push('"updated_at" = $2::timestamp(3)');
  return (
    `UPDATE "users" AS u SET ${assignments.join(', ')} ` +
    `FROM jsonb_to_recordset($1::jsonb) AS r("id" uuid, ${recordColumns.join(', ')}) ` +
    `WHERE u."id" = r."id" AND u."auth_method" = 'DIRECTORY'`
  );
}

export function toUpdateRecord(
  update: TUpdate,
  fields: readonly TPatchField[],
  toUserNameKey: (userName: string) => string,
): Record<string, unknown> {
  const record: Record<string, unknown> = { id: update.userId };
  for (const field of fields) record[COLUMNS[field].column] = update.patch[field];
  if (update.patch.userName !== undefined) record.user_name_key = toUserNameKey(update.patch.userName);
  return record;
}

/**
 * Renamed users first give up their keys for placeholders, so renames within one plan may pass
 * names around (even swap them) without tripping the unique index in between. A leading space
 * cannot start a real user name.
 */
export const RELEASE_USER_NAME_KEYS_SQL =
  `UPDATE "users" SET "user_name_key" = ' ' || "id"::text ` +
  `WHERE "id" = ANY($1::uuid[]) AND "auth_method" = 'DIRECTORY'`;

/** An archive folder follows its owner's new name unless an admin gave it a name of their own. */
export const RENAME_ARCHIVE_FOLDERS_SQL =
  `UPDATE "archive_folders" AS f SET "name" = 'Archive of ' || r."user_name", "owner_user_name" = r."user_name" ` +
  `FROM jsonb_to_recordset($1::jsonb) AS r("id" uuid, "user_name" text) ` +
  `WHERE f."owner_user_id" = r."id" AND f."name" = 'Archive of ' || f."owner_user_name"`;
