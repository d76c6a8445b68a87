-- Orphaned archive folders keep who owned them and since when they have no owner, so admins can
-- tell them apart and a user who returns with the same Google id gets their own folder back.
ALTER TABLE "archive_folders" ADD COLUMN "owner_google_user_id" TEXT,
ADD COLUMN "owner_removed_at" TIMESTAMP(3);

-- Folders owned today: their owner's Google id, from the user row.
UPDATE "archive_folders" AS f SET "owner_google_user_id" = u."google_user_id"
FROM "users" AS u WHERE f."owner_user_id" = u."id";

-- CreateIndex
CREATE INDEX "archive_folders_owner_google_user_id_idx" ON "archive_folders"("owner_google_user_id");

-- Google's `archived` flag on users (Archived User licence).
ALTER TABLE "users" ADD COLUMN "is_archived" BOOLEAN NOT NULL DEFAULT false;
