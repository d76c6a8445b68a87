-- Reading the archive: who searched, opened, downloaded, exported or restored what (the access log),
-- prepared exports and restore runs.

-- CreateTable
CREATE TABLE "archive_access_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_user_id" UUID,
    "actor_name" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "archive_folder_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "message_address" TEXT,
    "query" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT,
    "user_agent" TEXT,
    "request_id" TEXT,

    CONSTRAINT "archive_access_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "archive_access_log_at_idx" ON "archive_access_log"("at");

-- CreateIndex
CREATE INDEX "archive_access_log_actor_user_id_at_idx" ON "archive_access_log"("actor_user_id", "at");

-- The log is append-only: no role the application connects as may rewrite or remove a row.
CREATE FUNCTION "archive_access_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'archive_access_log is append-only';
END;
$$;

CREATE TRIGGER "archive_access_log_append_only"
  BEFORE UPDATE OR DELETE ON "archive_access_log"
  FOR EACH ROW EXECUTE FUNCTION "archive_access_log_append_only"();

-- CreateTable
CREATE TABLE "archive_exports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_user_id" UUID NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total_messages" INTEGER NOT NULL DEFAULT 0,
    "done_messages" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL,
    "file_name" TEXT NOT NULL,
    "error" TEXT,
    "finished_at" TIMESTAMP(3),
    "downloads" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "archive_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "archive_exports_created_at_idx" ON "archive_exports"("created_at");

-- CreateTable
CREATE TABLE "archive_restores" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_user_id" UUID NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "archive_folder_id" UUID NOT NULL,
    "mailbox" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total_messages" INTEGER NOT NULL DEFAULT 0,
    "appended" INTEGER NOT NULL DEFAULT 0,
    "already_present" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "archive_restores_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "archive_restores_created_at_idx" ON "archive_restores"("created_at");
