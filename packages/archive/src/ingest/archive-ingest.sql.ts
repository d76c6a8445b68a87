// Batch statements that take all their rows as ONE jsonb parameter: one round-trip and a tiny
// parameter list however many messages a batch holds (as packages/directory-sync does).

/**
 * The full-text configuration of archived_messages.search_vector. 'simple' (lower-casing, no
 * stemming, no stop words) because mailboxes mix languages; a search must use the same one.
 */
export const ARCHIVE_TEXT_SEARCH_CONFIG = 'simple';

export const SELECT_KNOWN_ADDRESSES_SQL = `SELECT "address" FROM "archived_messages" WHERE "address" = ANY($1::text[])`;

// Header text weighs A (subject, people, attachment names), body text D, so a later search can rank
// a subject hit above a body hit.
export const INSERT_MESSAGES_SQL =
  `INSERT INTO "archived_messages" ("address", "size", "stored_bytes", "message_id", "date", ` +
  `"from_address", "from_name", "to_addresses", "cc_addresses", "subject", "attachment_names", ` +
  `"has_attachments", "search_vector", "parse_error", "archive_folder_ids", "body_preview") ` +
  `SELECT r."address", r."size", r."stored_bytes", r."message_id", r."date", r."from_address", r."from_name", ` +
  `coalesce(r."to_addresses", '{}'), coalesce(r."cc_addresses", '{}'), r."subject", ` +
  `coalesce(r."attachment_names", '{}'), r."has_attachments", ` +
  `setweight(to_tsvector('${ARCHIVE_TEXT_SEARCH_CONFIG}', r."header_text"), 'A') || ` +
  `to_tsvector('${ARCHIVE_TEXT_SEARCH_CONFIG}', r."body_text"), r."parse_error", ` +
  `coalesce(r."archive_folder_ids", '{}'), r."body_preview" ` +
  `FROM jsonb_to_recordset($1::jsonb) AS r("address" text, "size" integer, "stored_bytes" integer, ` +
  `"message_id" text, "date" timestamp(3), "from_address" text, "from_name" text, "to_addresses" text[], ` +
  `"cc_addresses" text[], "subject" text, "attachment_names" text[], "has_attachments" boolean, ` +
  `"header_text" text, "body_text" text, "parse_error" text, "archive_folder_ids" uuid[], "body_preview" text) ` +
  // Sorted, so two batches racing on the same new messages take their index locks in one order.
  `ORDER BY r."address" ` +
  `ON CONFLICT ("address") DO NOTHING`;

export const INSERT_COPIES_SQL =
  `INSERT INTO "archived_message_copies" ("archive_folder_id", "folder", "uid_validity", "uid", ` +
  `"message_address", "flags", "gmail_labels", "gmail_message_id", "gmail_thread_id", "internal_date") ` +
  `SELECT r."archive_folder_id", r."folder", r."uid_validity", r."uid", r."message_address", ` +
  `coalesce(r."flags", '{}'), coalesce(r."gmail_labels", '{}'), r."gmail_message_id", r."gmail_thread_id", ` +
  `r."internal_date" ` +
  `FROM jsonb_to_recordset($1::jsonb) AS r("archive_folder_id" uuid, "folder" text, "uid_validity" bigint, ` +
  `"uid" bigint, "message_address" text, "flags" text[], "gmail_labels" text[], "gmail_message_id" text, ` +
  `"gmail_thread_id" text, "internal_date" timestamp(3)) ` +
  `ON CONFLICT DO NOTHING ` +
  `RETURNING "archive_folder_id"::text, "folder", "uid_validity"::text, "uid"::text`;

export const SELECT_ARCHIVED_UIDS_SQL =
  `SELECT "uid"::text FROM "archived_message_copies" ` +
  `WHERE "archive_folder_id" = $1::uuid AND "folder" = $2 AND "uid_validity" = $3::bigint ORDER BY "uid"`;
