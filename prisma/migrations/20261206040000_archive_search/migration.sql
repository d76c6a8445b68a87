-- Search over the archive (packages/archive/src/search). Gmail-style field operators (from:, to:, cc:,
-- subject:, filename:) get a tsvector per field, and every message lists the archive folders holding
-- it, so one multi-column GIN index answers text, fields and "in these archives" together: a search
-- in one mailbox never scans other mailboxes' matches, and never falls back to walking the date index.

-- AlterTable
ALTER TABLE "archived_messages" ADD COLUMN "archive_folder_ids" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN "body_preview" TEXT,
ADD COLUMN "cc_vector" tsvector,
ADD COLUMN "filename_vector" tsvector,
ADD COLUMN "from_vector" tsvector,
ADD COLUMN "subject_vector" tsvector,
ADD COLUMN "to_vector" tsvector;

-- DropIndex
DROP INDEX "archived_messages_search_vector_idx";

-- DropIndex
DROP INDEX "archived_messages_date_idx";

-- Text of addresses for a field vector: the address whole, its domain, and its words, so that
-- from:alice@example.com, from:example.com and from:alice all match (as in Gmail).
CREATE FUNCTION "archive_address_search_text"(addresses TEXT[]) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(a || ' ' || split_part(a, '@', 2) || ' ' || translate(a, '@.-_+', '     '), ' '), '')
    FROM unnest(addresses) AS a
   WHERE a IS NOT NULL
$$;

-- Same for attachment names: filename:pdf and filename:report-2024.pdf both match.
CREATE FUNCTION "archive_filename_search_text"(names TEXT[]) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(n || ' ' || translate(n, '.-_', '   '), ' '), '')
    FROM unnest(names) AS n
   WHERE n IS NOT NULL
$$;

-- The field vectors follow the row's columns whoever writes it (ingest, a re-index, a benchmark).
-- 'simple' as in search_vector (ARCHIVE_TEXT_SEARCH_CONFIG): mailboxes mix languages.
CREATE FUNCTION "archive_messages_field_vectors"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."subject_vector" := to_tsvector('simple', coalesce(NEW."subject", ''));
  NEW."from_vector" := to_tsvector('simple',
    coalesce(NEW."from_name", '') || ' ' || "archive_address_search_text"(ARRAY[NEW."from_address"]));
  NEW."to_vector" := to_tsvector('simple', "archive_address_search_text"(NEW."to_addresses"));
  NEW."cc_vector" := to_tsvector('simple', "archive_address_search_text"(NEW."cc_addresses"));
  NEW."filename_vector" := to_tsvector('simple', "archive_filename_search_text"(NEW."attachment_names"));
  RETURN NEW;
END
$$;

CREATE TRIGGER "archived_messages_field_vectors"
BEFORE INSERT OR UPDATE OF "subject", "from_name", "from_address", "to_addresses", "cc_addresses", "attachment_names"
ON "archived_messages"
FOR EACH ROW EXECUTE FUNCTION "archive_messages_field_vectors"();

-- Keeps archived_messages.archive_folder_ids equal to the archive folders holding a copy, so a
-- search needs no join to the copies to know a message is in scope. Ingest already writes a new
-- message's folders with the message, so this updates rows only when a known message reaches another
-- archive (an update re-indexes the whole row in GIN: avoided when it can be). Rows are locked in
-- address order, as ingest inserts them, so concurrent batches cannot deadlock.
CREATE FUNCTION "archive_copies_note_folders"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH wanted AS (
    SELECT n."message_address" AS address, array_agg(DISTINCT n."archive_folder_id") AS ids
      FROM new_copies n
     GROUP BY n."message_address"
  ), missing AS (
    SELECT m."address", w.ids
      FROM "archived_messages" m
      JOIN wanted w ON w.address = m."address"
     WHERE NOT (coalesce(m."archive_folder_ids", '{}') @> w.ids)
     ORDER BY m."address"
       FOR UPDATE OF m
  )
  UPDATE "archived_messages" m
     SET "archive_folder_ids" = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(m."archive_folder_ids", '{}') || missing.ids) AS x)
    FROM missing
   WHERE m."address" = missing."address";
  RETURN NULL;
END
$$;

CREATE TRIGGER "archived_message_copies_note_folders"
AFTER INSERT ON "archived_message_copies"
REFERENCING NEW TABLE AS new_copies
FOR EACH STATEMENT EXECUTE FUNCTION "archive_copies_note_folders"();

-- Copies removed (an archive folder deleted, a retention purge): the folder ids are recomputed for
-- the messages concerned, so a deleted archive's messages leave searches at once.
CREATE FUNCTION "archive_copies_forget_folders"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH touched AS (
    SELECT DISTINCT o."message_address" AS address FROM old_copies o
  ), recomputed AS (
    SELECT m."address",
           ARRAY(SELECT DISTINCT c."archive_folder_id" FROM "archived_message_copies" c
                  WHERE c."message_address" = m."address") AS ids
      FROM "archived_messages" m
      JOIN touched t ON t.address = m."address"
     ORDER BY m."address"
       FOR UPDATE OF m
  )
  UPDATE "archived_messages" m
     SET "archive_folder_ids" = recomputed.ids
    FROM recomputed
   WHERE m."address" = recomputed."address"
     AND NOT (m."archive_folder_ids" @> recomputed.ids AND recomputed.ids @> m."archive_folder_ids");
  RETURN NULL;
END
$$;

CREATE TRIGGER "archived_message_copies_forget_folders"
AFTER DELETE ON "archived_message_copies"
REFERENCING OLD TABLE AS old_copies
FOR EACH STATEMENT EXECUTE FUNCTION "archive_copies_forget_folders"();

-- Backfill what was archived before this migration (the trigger fills the field vectors).
UPDATE "archived_messages" SET "subject" = "subject";
UPDATE "archived_messages" m
   SET "archive_folder_ids" = c.ids
  FROM (SELECT "message_address", array_agg(DISTINCT "archive_folder_id") AS ids
          FROM "archived_message_copies" GROUP BY "message_address") c
 WHERE c."message_address" = m."address";

-- CreateIndex
CREATE INDEX "archived_messages_date_address_idx" ON "archived_messages"("date", "address");

-- CreateIndex
CREATE INDEX "archived_messages_search_idx" ON "archived_messages" USING GIN ("search_vector", "subject_vector", "from_vector", "to_vector", "cc_vector", "filename_vector", "archive_folder_ids");
