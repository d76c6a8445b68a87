import type { TSqlClient } from '../execute/sql-transaction';
import type { TAuthMethod, TDbUser } from '../plan/plan.types';
import { userFingerprint } from './user-fingerprint';

const PAGE_SIZE = 10_000;
const BY_ID_CHUNK = 5_000;

type TRow = {
  id: string;
  user_name: string;
  full_name: string;
  emails: string[] | null;
  auth_method: TAuthMethod;
  google_user_id: string | null;
  is_suspended: boolean;
  is_archived: boolean;
  org_unit_path: string | null;
  privileges: string[] | null;
};

const COLUMNS =
  `"id", "user_name", "full_name", "emails", "auth_method", "google_user_id", "is_suspended", "is_archived", ` +
  `"org_unit_path", "privileges"`;
const SELECT_PAGE_SQL = `SELECT ${COLUMNS} FROM "users" WHERE "id" > $1::uuid ORDER BY "id" LIMIT ${PAGE_SIZE}`;
const SELECT_BY_GOOGLE_IDS_SQL = `SELECT ${COLUMNS} FROM "users" WHERE "google_user_id" = ANY($1::text[])`;

export type TDbUserFingerprints = {
  /**
   * DIRECTORY users with a Google id (unique in the table): by that id, the fingerprint of what
   * the planner compares, and nothing else.
   */
  linked: Map<string, string>;
  /** Everyone else (LOCAL users, DIRECTORY users never linked), in full: few, and always planned. */
  others: TDbUser[];
};

/** Returns one shared instance per distinct value: 100,000 users share a handful of these. */
function interner<T>(keyOf: (value: T) => string) {
  const seen = new Map<string, T>();
  return (value: T): T => {
    const key = keyOf(value);
    const known = seen.get(key);
    if (known !== undefined) return known;
    seen.set(key, value);
    return value;
  };
}

function createRowMapper() {
  const privilegeList = interner<string[]>((list) => list.join('\u0000'));
  const text = interner<string>((value) => value);
  return (row: TRow): TDbUser => {
    const emails = row.emails ?? [];
    return {
      id: row.id,
      // The primary address usually is the user name: keep one string for both.
      userName: emails[0] === row.user_name ? emails[0] : row.user_name,
      fullName: row.full_name,
      emails,
      authMethod: row.auth_method === 'LOCAL' ? 'LOCAL' : 'DIRECTORY',
      googleUserId: row.google_user_id,
      isSuspended: row.is_suspended,
      orgUnitPath: row.org_unit_path === null ? null : text(row.org_unit_path),
      privileges: privilegeList(row.privileges ?? []),
      ...(row.is_archived ? { isArchived: true } : {}),
    };
  };
}

async function scanUsers(sql: TSqlClient, visit: (row: TRow) => void): Promise<void> {
  let afterId = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql.query<TRow>(SELECT_PAGE_SQL, [afterId]);
    for (const row of rows) visit(row);
    if (rows.length < PAGE_SIZE) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

/**
 * The first of two passes: every linked directory user as a fingerprint, the rest in full.
 * Rows are read in keyset pages and dropped page by page, so a resync of 100,000 unchanged users
 * holds 100,000 digests rather than 100,000 full users.
 */
export async function loadDbUserFingerprints(sql: TSqlClient): Promise<TDbUserFingerprints> {
  const toUser = createRowMapper();
  const result: TDbUserFingerprints = { linked: new Map(), others: [] };
  await scanUsers(sql, (row) => {
    const user = toUser(row);
    if (
      user.authMethod === 'DIRECTORY' &&
      user.googleUserId !== null &&
      !result.linked.has(user.googleUserId)
    ) {
      result.linked.set(user.googleUserId, userFingerprint(user));
    } else {
      result.others.push(user);
    }
  });
  return result;
}

/** The second pass: the linked users the planner must see after all, in full, by Google id. */
export async function loadDbUsersByGoogleIds(
  sql: TSqlClient,
  googleUserIds: readonly string[],
): Promise<TDbUser[]> {
  const toUser = createRowMapper();
  const users: TDbUser[] = [];
  if (googleUserIds.length > PAGE_SIZE * 2) {
    const wanted = new Set(googleUserIds);
    await scanUsers(sql, (row) => {
      if (row.google_user_id !== null && wanted.has(row.google_user_id)) users.push(toUser(row));
    });
    return users;
  }
  for (let start = 0; start < googleUserIds.length; start += BY_ID_CHUNK) {
    const chunk = googleUserIds.slice(start, start + BY_ID_CHUNK);
    const { rows } = await sql.query<TRow>(SELECT_BY_GOOGLE_IDS_SQL, [chunk]);
    for (const row of rows) users.push(toUser(row));
  }
  return users;
}
