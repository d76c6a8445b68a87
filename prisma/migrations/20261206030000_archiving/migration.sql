-- CreateEnum
CREATE TYPE "archive_mailbox_scope" AS ENUM ('ALL_SYNCED_USERS', 'GROUP_MEMBERS', 'CHOSEN_USERS');

-- CreateEnum
CREATE TYPE "archive_schedule_mode" AS ENUM ('OFF', 'HOURLY', 'DAILY');

-- CreateEnum
CREATE TYPE "archive_run_status" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'INCOMPLETE', 'FAILED', 'PAUSED');

-- CreateEnum
CREATE TYPE "archive_mailbox_status" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETE', 'INCOMPLETE', 'FAILED', 'PAUSED');

-- CreateEnum
CREATE TYPE "archive_trigger" AS ENUM ('MANUAL', 'SCHEDULED');

-- CreateTable
CREATE TABLE "archive_profiles" (
    "id" INTEGER NOT NULL,
    "mailbox_scope" "archive_mailbox_scope" NOT NULL,
    "groups" JSONB NOT NULL,
    "user_ids" TEXT[],
    "require_archive_privilege" BOOLEAN NOT NULL,
    "include_spam" BOOLEAN NOT NULL,
    "include_trash" BOOLEAN NOT NULL,
    "include_folders" TEXT[],
    "exclude_folders" TEXT[],
    "schedule_mode" "archive_schedule_mode" NOT NULL,
    "schedule_time" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_name" TEXT,

    CONSTRAINT "archive_profiles_pkey" PRIMARY KEY ("id"),
    -- A single profile for now; a table so more can follow without a data migration.
    CONSTRAINT "archive_profiles_single_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "archive_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "is_estimate" BOOLEAN NOT NULL,
    "trigger" "archive_trigger" NOT NULL,
    "status" "archive_run_status" NOT NULL,
    "requested_by_id" UUID,
    "requested_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "profile" JSONB NOT NULL,
    "mailbox_count" INTEGER NOT NULL DEFAULT 0,
    "error_code" TEXT,
    "error_message" TEXT,

    CONSTRAINT "archive_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_run_mailboxes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "user_id" UUID,
    "user_name" TEXT NOT NULL,
    "user_email" TEXT NOT NULL,
    "archive_folder_id" UUID NOT NULL,
    "status" "archive_mailbox_status" NOT NULL,
    "archived_count" INTEGER NOT NULL DEFAULT 0,
    "already_archived" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "failed_messages" JSONB NOT NULL DEFAULT '[]',
    "bytes" BIGINT NOT NULL,
    "duration_ms" INTEGER,
    "folders" JSONB NOT NULL DEFAULT '[]',
    "progress" JSONB,
    "estimated_messages" INTEGER,
    "estimated_bytes" BIGINT,
    "is_gmail" BOOLEAN,
    "problem_code" TEXT,
    "problem_message" TEXT,
    "problem_remedy" TEXT,
    "resume_at" TIMESTAMP(3),
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "heartbeat_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "archive_run_mailboxes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_download_ledger" (
    "id" BIGSERIAL NOT NULL,
    "user_email" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bytes" BIGINT NOT NULL,
    "run_mailbox_id" UUID,

    CONSTRAINT "archive_download_ledger_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "archive_runs_created_at_idx" ON "archive_runs"("created_at");

-- CreateIndex
CREATE INDEX "archive_runs_status_idx" ON "archive_runs"("status");

-- CreateIndex
CREATE INDEX "archive_run_mailboxes_run_id_user_name_idx" ON "archive_run_mailboxes"("run_id", "user_name");

-- CreateIndex
CREATE INDEX "archive_run_mailboxes_status_resume_at_idx" ON "archive_run_mailboxes"("status", "resume_at");

-- CreateIndex
CREATE INDEX "archive_download_ledger_user_email_at_idx" ON "archive_download_ledger"("user_email", "at");

-- AddForeignKey
ALTER TABLE "archive_run_mailboxes" ADD CONSTRAINT "archive_run_mailboxes_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "archive_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
