-- CreateEnum
CREATE TYPE "google_key_slot" AS ENUM ('ACTIVE', 'CANDIDATE');

-- CreateEnum
CREATE TYPE "google_key_format" AS ENUM ('JSON', 'P12');

-- CreateTable
CREATE TABLE "google_connection" (
    "id" INTEGER NOT NULL,
    "admin_user" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_name" TEXT,

    CONSTRAINT "google_connection_pkey" PRIMARY KEY ("id"),
    -- One connection per installation.
    CONSTRAINT "google_connection_single_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "google_service_account_keys" (
    "id" UUID NOT NULL,
    "slot" "google_key_slot" NOT NULL,
    "format" "google_key_format" NOT NULL,
    "client_email" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "private_key_id" TEXT NOT NULL,
    "project_id" TEXT,
    "token_uri" TEXT NOT NULL,
    "sealed_private_key" TEXT NOT NULL,
    "uploaded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploaded_by_id" UUID,
    "uploaded_by_name" TEXT NOT NULL,
    "checked_at" TIMESTAMP(3),
    "check_error_code" TEXT,
    "check_error_message" TEXT,

    CONSTRAINT "google_service_account_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "google_service_account_keys_slot_key" ON "google_service_account_keys"("slot");
