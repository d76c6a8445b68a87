-- The last Check setup result of the Google connection (issue 10): kept so the console shows it on load.
-- AlterTable
ALTER TABLE "google_connection" ADD COLUMN "last_check_at" TIMESTAMP(3),
ADD COLUMN "last_check_is_passed" BOOLEAN,
ADD COLUMN "last_check_items" JSONB,
ADD COLUMN "last_check_private_key_id" TEXT,
ADD COLUMN "last_check_admin_user" TEXT;
