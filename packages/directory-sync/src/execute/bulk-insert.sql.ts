// Multi-row writes that take a whole batch as ONE jsonb parameter: a single round-trip and a
// tiny parameter list however many rows, where Prisma's createMany binds every value separately
// and costs far more time and memory at 100,000 users.

/**
 * Users, their archive folders and (when $4 holds) their folder access in one statement: one
 * parse of the batch and one round-trip. The foreign keys between the three are checked at the
 * end of the statement, after all of its inserts. A folder an admin assigned elsewhere meanwhile
 * is not taken back; that user is then left without a folder rather than given someone else's.
 */
export const INSERT_USERS_WITH_ARCHIVES_SQL =
  `WITH r AS MATERIALIZED (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("id" uuid, "folder_id" uuid, ` +
  `"user_name" text, "user_name_key" text, "full_name" text, "emails" text[], "google_user_id" text, ` +
  `"org_unit_path" text, "is_suspended" boolean, "is_archived" boolean, "returning_folder_id" uuid)), ` +
  `u AS (INSERT INTO "users" ("id", "user_name", "user_name_key", "full_name", "emails", "auth_method", ` +
  `"google_user_id", "org_unit_path", "is_suspended", "is_archived", "privileges", "created_at", "updated_at") ` +
  `SELECT "id", "user_name", "user_name_key", "full_name", "emails", 'DIRECTORY'::"auth_method", ` +
  `"google_user_id", "org_unit_path", "is_suspended", "is_archived", $2::text[], $3::timestamp(3), ` +
  `$3::timestamp(3) FROM r), ` +
  `f AS (INSERT INTO "archive_folders" ("id", "name", "owner_user_id", "owner_user_name", ` +
  `"owner_google_user_id", "created_at") ` +
  `SELECT "folder_id", 'Archive of ' || "user_name", "id", "user_name", "google_user_id", $3::timestamp(3) ` +
  `FROM r WHERE "returning_folder_id" IS NULL RETURNING "id", "owner_user_id"), ` +
  // A returning user (same Google id) takes their own orphaned folder back, renamed with them
  // unless an admin gave it a name of its own.
  `b AS (UPDATE "archive_folders" AS af SET "owner_user_id" = r."id", "owner_user_name" = r."user_name", ` +
  `"owner_google_user_id" = r."google_user_id", "owner_removed_at" = NULL, "name" = CASE ` +
  `WHEN af."name" = 'Archive of ' || af."owner_user_name" THEN 'Archive of ' || r."user_name" ELSE af."name" END ` +
  `FROM r WHERE af."id" = r."returning_folder_id" AND af."owner_user_id" IS NULL ` +
  `RETURNING af."id", af."owner_user_id") ` +
  `INSERT INTO "folder_access" ("folder_id", "user_id", "can_read", "can_write", "can_delete") ` +
  `SELECT "id", "owner_user_id", $5::boolean, $6::boolean, $7::boolean ` +
  `FROM (SELECT * FROM f UNION ALL SELECT * FROM b) AS owned WHERE $4::boolean`;

export const INSERT_CHANGES_SQL =
  `INSERT INTO "sync_changes" ("run_id", "kind", "outcome", "user_id", "google_user_id", "user_name", ` +
  `"reason", "reason_text", "diff") ` +
  `SELECT $2::uuid, r."kind"::"sync_change_kind", r."outcome"::"sync_change_outcome", r."user_id", ` +
  `r."google_user_id", r."user_name", r."reason", r."reason_text", r."diff" ` +
  `FROM jsonb_to_recordset($1::jsonb) AS r("kind" text, "outcome" text, "user_id" uuid, ` +
  `"google_user_id" text, "user_name" text, "reason" text, "reason_text" text, "diff" jsonb)`;

/**
 * The archive folders stay (owner_user_id is ON DELETE SET NULL) and keep who owned them and when
 * the owner went ($2), so a returning user gets theirs back and admins can tell orphans apart.
 */
export const DELETE_DIRECTORY_USERS_SQL =
  `WITH d AS (DELETE FROM "users" WHERE "id" = ANY($1::uuid[]) AND "auth_method" = 'DIRECTORY' ` +
  `RETURNING "id", "google_user_id", "user_name") ` +
  `UPDATE "archive_folders" AS f SET "owner_google_user_id" = coalesce(d."google_user_id", f."owner_google_user_id"), ` +
  `"owner_user_name" = d."user_name", "owner_removed_at" = $2::timestamp(3) FROM d WHERE f."owner_user_id" = d."id"`;
