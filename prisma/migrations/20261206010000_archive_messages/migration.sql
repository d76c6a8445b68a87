-- CreateTable
CREATE TABLE "archived_messages" (
    "address" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "stored_bytes" INTEGER NOT NULL,
    "message_id" TEXT,
    "date" TIMESTAMP(3),
    "from_address" TEXT,
    "from_name" TEXT,
    "to_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cc_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subject" TEXT,
    "attachment_names" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "has_attachments" BOOLEAN NOT NULL DEFAULT false,
    "search_vector" tsvector,
    "parse_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "archived_messages_pkey" PRIMARY KEY ("address")
);

-- CreateTable
CREATE TABLE "archived_message_copies" (
    "archive_folder_id" UUID NOT NULL,
    "folder" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "uid" BIGINT NOT NULL,
    "message_address" TEXT NOT NULL,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "gmail_labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "gmail_message_id" TEXT,
    "gmail_thread_id" TEXT,
    "internal_date" TIMESTAMP(3),
    "archived_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "archived_message_copies_pkey" PRIMARY KEY ("archive_folder_id","folder","uid_validity","uid")
);

-- CreateIndex
CREATE INDEX "archived_messages_date_idx" ON "archived_messages"("date");

-- CreateIndex
CREATE INDEX "archived_messages_message_id_idx" ON "archived_messages"("message_id");

-- CreateIndex
CREATE INDEX "archived_messages_search_vector_idx" ON "archived_messages" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "archived_message_copies_message_address_idx" ON "archived_message_copies"("message_address");

-- CreateIndex
CREATE INDEX "archived_message_copies_gmail_message_id_idx" ON "archived_message_copies"("archive_folder_id", "gmail_message_id");

-- AddForeignKey
ALTER TABLE "archived_message_copies" ADD CONSTRAINT "archived_message_copies_archive_folder_id_fkey" FOREIGN KEY ("archive_folder_id") REFERENCES "archive_folders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archived_message_copies" ADD CONSTRAINT "archived_message_copies_message_address_fkey" FOREIGN KEY ("message_address") REFERENCES "archived_messages"("address") ON DELETE RESTRICT ON UPDATE CASCADE;
