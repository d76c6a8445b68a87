// Multi-row writes that take a whole batch as ONE jsonb parameter: a single round-trip and a
// tiny parameter list however many rows, where Prisma's createMany binds every value separately
// and costs far more time and memory at 100,000 users.

/**
 * Users, their archive folders and (when $4 holds) their folder access in one statement: one
 * parse of the batch and one round-trip. The foreign keys between the three are checked at the
 * end of the statement, after all of its inserts.
 */
export const INSERT_USERS_WITH_ARCHIVES_SQL =
  `WITH r AS MATERIALIZED (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("id" uuid, "folder_id" uuid, ` +
  `"user_name" text, "user_name_key" text, "full_name" text, "emails" text[], "google_user_id" text, ` +
  `"org_unit_path" text, "is_suspended" boolean)), ` +
  `u AS (INSERT INTO "users" ("id", "user_name", "user_name_key", "full_name", "emails", "auth_method", ` +
  `"google_user_id", "org_unit_path", "is_suspended", "privileges", "created_at", "updated_at") ` +
  `SELECT "id", "user_name", "user_name_key", "full_name", "emails", 'DIRECTORY'::"auth_method", ` +
  `"google_user_id", "org_unit_path", "is_suspended", $2::text[], $3::timestamp(3), $3::timestamp(3) FROM r), ` +
  `f AS (INSERT INTO "archive_folders" ("id", "name", "owner_user_id", "owner_user_name", "created_at") ` +
  `SELECT "folder_id", 'Archive of ' || "user_name", "id", "user_name", $3::timestamp(3) FROM r) ` +
  `INSERT INTO "folder_access" ("folder_id", "user_id", "can_read", "can_write", "can_delete") ` +
  `SELECT "folder_id", "id", $5::boolean, $6::boolean, $7::boolean FROM r WHERE $4::boolean`;

export const INSERT_CHANGES_SQL =
  `INSERT INTO "sync_changes" ("run_id", "kind", "outcome", "user_id", "google_user_id", "user_name", ` +
  `"reason", "reason_text", "diff") ` +
  `SELECT $2::uuid, r."kind"::"sync_change_kind", r."outcome"::"sync_change_outcome", r."user_id", ` +
  `r."google_user_id", r."user_name", r."reason", r."reason_text", r."diff" ` +
  `FROM jsonb_to_recordset($1::jsonb) AS r("kind" text, "outcome" text, "user_id" uuid, ` +
  `"google_user_id" text, "user_name" text, "reason" text, "reason_text" text, "diff" jsonb)`;

/** The archive folders stay: their owner_user_id foreign key is ON DELETE SET NULL. */
export const DELETE_DIRECTORY_USERS_SQL = `DELETE FROM "users" WHERE "id" = ANY($1::uuid[]) AND "auth_method" = 'DIRECTORY'`;
