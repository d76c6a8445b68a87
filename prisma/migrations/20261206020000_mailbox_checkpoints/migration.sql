-- IMAP archiving checkpoints: per (archive folder, IMAP folder) the UIDVALIDITY, the highest UID whose
-- message is archived and the folder's HIGHESTMODSEQ. Written only in the transaction that commits
-- the archived rows, so a checkpoint never runs ahead of the archive.

-- CreateTable
CREATE TABLE "mailbox_checkpoints" (
    "archive_folder_id" UUID NOT NULL,
    "folder" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "highest_uid" BIGINT NOT NULL,
    "highest_modseq" BIGINT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mailbox_checkpoints_pkey" PRIMARY KEY ("archive_folder_id","folder")
);

-- Gmail: which X-GM-MSGID an archive folder holds and under which UID it was last seen, so a
-- UIDVALIDITY change of All Mail is remapped without downloading anything again.
-- CreateTable
CREATE TABLE "mailbox_gmail_messages" (
    "archive_folder_id" UUID NOT NULL,
    "gmail_message_id" TEXT NOT NULL,
    "folder" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "uid" BIGINT NOT NULL,

    CONSTRAINT "mailbox_gmail_messages_pkey" PRIMARY KEY ("archive_folder_id","gmail_message_id")
);

-- CreateIndex
CREATE INDEX "mailbox_gmail_messages_folder_idx" ON "mailbox_gmail_messages"("archive_folder_id", "folder", "uid_validity");

-- AddForeignKey
ALTER TABLE "mailbox_checkpoints" ADD CONSTRAINT "mailbox_checkpoints_archive_folder_id_fkey" FOREIGN KEY ("archive_folder_id") REFERENCES "archive_folders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailbox_gmail_messages" ADD CONSTRAINT "mailbox_gmail_messages_archive_folder_id_fkey" FOREIGN KEY ("archive_folder_id") REFERENCES "archive_folders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
