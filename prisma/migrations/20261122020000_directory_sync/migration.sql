-- CreateEnum
CREATE TYPE "sync_schedule_mode" AS ENUM ('OFF', 'MINUTES', 'HOURS');

-- CreateEnum
CREATE TYPE "sync_run_status" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED', 'HELD_FOR_CONFIRMATION');

-- CreateEnum
CREATE TYPE "sync_trigger" AS ENUM ('MANUAL', 'SCHEDULED');

-- CreateEnum
CREATE TYPE "sync_change_kind" AS ENUM ('CREATE', 'UPDATE', 'DELETE', 'KEEP', 'CONFLICT');

-- CreateEnum
CREATE TYPE "sync_change_outcome" AS ENUM ('PLANNED', 'APPLIED', 'HELD', 'SKIPPED');

-- CreateTable
CREATE TABLE "directory_sync_settings" (
    "id" INTEGER NOT NULL,
    "groups" JSONB NOT NULL,
    "auto_delete" BOOLEAN NOT NULL,
    "default_privileges" TEXT[],
    "default_archive_access" TEXT[],
    "deletion_threshold_percent" INTEGER NOT NULL,
    "deletion_threshold_count" INTEGER NOT NULL,
    "schedule_mode" "sync_schedule_mode" NOT NULL,
    "schedule_interval" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_name" TEXT,

    CONSTRAINT "directory_sync_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "is_dry_run" BOOLEAN NOT NULL,
    "trigger" "sync_trigger" NOT NULL,
    "status" "sync_run_status" NOT NULL,
    "requested_by_id" UUID,
    "requested_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "duration_ms" INTEGER,
    "heartbeat_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "phase" TEXT NOT NULL,
    "progress" JSONB NOT NULL,
    "settings" JSONB NOT NULL,
    "google_user_count" INTEGER NOT NULL DEFAULT 0,
    "create_count" INTEGER NOT NULL DEFAULT 0,
    "update_count" INTEGER NOT NULL DEFAULT 0,
    "delete_count" INTEGER NOT NULL DEFAULT 0,
    "keep_count" INTEGER NOT NULL DEFAULT 0,
    "conflict_count" INTEGER NOT NULL DEFAULT 0,
    "unchanged_count" INTEGER NOT NULL DEFAULT 0,
    "held_deletion_count" INTEGER NOT NULL DEFAULT 0,
    "applied_change_count" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "error_code" TEXT,
    "error_message" TEXT,
    "confirmed_by_id" UUID,
    "confirmed_by_name" TEXT,
    "confirmed_at" TIMESTAMP(3),

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_changes" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" "sync_change_kind" NOT NULL,
    "outcome" "sync_change_outcome" NOT NULL,
    "user_id" UUID,
    "google_user_id" TEXT,
    "user_name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "reason_text" TEXT NOT NULL,
    "diff" JSONB,

    CONSTRAINT "sync_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sync_runs_created_at_idx" ON "sync_runs"("created_at");

-- CreateIndex
CREATE INDEX "sync_runs_status_idx" ON "sync_runs"("status");

-- CreateIndex
CREATE INDEX "sync_changes_run_id_kind_id_idx" ON "sync_changes"("run_id", "kind", "id");

-- CreateIndex
CREATE INDEX "sync_changes_run_id_id_idx" ON "sync_changes"("run_id", "id");

-- AddForeignKey
ALTER TABLE "sync_changes" ADD CONSTRAINT "sync_changes_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
