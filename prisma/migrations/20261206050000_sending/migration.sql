-- CreateEnum
CREATE TYPE "send_message_status" AS ENUM ('QUEUED', 'SENDING', 'RETRYING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "send_source" AS ENUM ('API', 'NOTIFICATION', 'TEST');

-- CreateTable
CREATE TABLE "send_api_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "senders" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_name" TEXT NOT NULL,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "send_api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "send_settings" (
    "id" INTEGER NOT NULL,
    "listed_senders" TEXT[],
    "notification_sender" TEXT,
    "notification_recipients" TEXT[],
    "notify_sync_problems" BOOLEAN NOT NULL DEFAULT true,
    "notify_mailbox_problems" BOOLEAN NOT NULL DEFAULT true,
    "notify_key_age" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "send_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "send_settings_single_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "send_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "source" "send_source" NOT NULL,
    "token_id" UUID,
    "sender" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "recipients" TEXT[],
    "recipient_count" INTEGER NOT NULL,
    "message_id" TEXT NOT NULL,
    "raw" BYTEA,
    "size_bytes" INTEGER NOT NULL,
    "status" "send_message_status" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "is_uncertain_retry" BOOLEAN NOT NULL DEFAULT false,
    "last_reply" TEXT,
    "problem_code" TEXT,
    "problem_message" TEXT,
    "problem_remedy" TEXT,
    "refused_recipients" JSONB NOT NULL DEFAULT '[]',
    "attempt_log" JSONB NOT NULL DEFAULT '[]',
    "idempotency_key" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "next_attempt_at" TIMESTAMP(3),
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "send_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "send_notifications" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "send_message_id" UUID,

    CONSTRAINT "send_notifications_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "send_api_tokens_token_hash_key" ON "send_api_tokens"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "send_messages_token_id_idempotency_key_key" ON "send_messages"("token_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "send_messages_sender_created_at_idx" ON "send_messages"("sender", "created_at");

-- CreateIndex
CREATE INDEX "send_messages_created_at_idx" ON "send_messages"("created_at");
