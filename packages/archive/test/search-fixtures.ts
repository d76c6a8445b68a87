import { randomBytes } from 'node:crypto';
import type pg from 'pg';

export type TSearchTestMessage = {
  subject: string;
  body: string;
  from?: { name: string; address: string };
  to?: string[];
  cc?: string[];
  /** ISO instant, or null for a message without a readable Date header. */
  date: string | null;
  size?: number;
  attachments?: string[];
  copies: { folderId: string; folder?: string; uid?: number; labels?: string[]; flags?: string[] }[];
};

let nextUid = 1;

/**
 * Writes a message and its copies as ingest does (same vector recipe: header text weighted A, then
 * the body), without blobs: search reads rows only. Copies go in a statement of their own, so the
 * trigger that lists a message's archive folders is exercised, as for mail deduplicated across
 * mailboxes. Returns the message id (its address).
 */
export async function insertSearchMessage(pool: pg.Pool, message: TSearchTestMessage): Promise<string> {
  const address = randomBytes(32).toString('hex');
  const from = message.from ?? { name: 'Alice Smith', address: 'alice@example.com' };
  const to = message.to ?? ['bob@example.com'];
  const cc = message.cc ?? [];
  const attachments = message.attachments ?? [];
  const header = [message.subject, `${from.name} ${from.address}`, ...to, ...cc, attachments.join(' ')].join(
    '\n',
  );
  await pool.query(
    `INSERT INTO "archived_messages" ("address", "size", "stored_bytes", "message_id", "date", "from_address",
       "from_name", "to_addresses", "cc_addresses", "subject", "attachment_names", "has_attachments",
       "search_vector", "body_preview")
     VALUES ($1, $2, $2, $3, $4::timestamptz AT TIME ZONE 'UTC', $5, $6, $7, $8, $9, $10, $11,
       setweight(to_tsvector('simple', $12), 'A') || to_tsvector('simple', $13), $13)`,
    [
      address,
      message.size ?? 1_000 + message.body.length,
      `<${address.slice(0, 12)}@test>`,
      message.date,
      from.address,
      from.name,
      to,
      cc,
      message.subject,
      attachments,
      attachments.length > 0,
      header,
      message.body,
    ],
  );
  for (const copy of message.copies) {
    await pool.query(
      `INSERT INTO "archived_message_copies" ("archive_folder_id", "folder", "uid_validity", "uid", "message_address",
         "flags", "gmail_labels") VALUES ($1, $2, 1, $3, $4, $5, $6)`,
      [
        copy.folderId,
        copy.folder ?? 'INBOX',
        copy.uid ?? nextUid++,
        address,
        copy.flags ?? ['\\Seen'],
        copy.labels ?? [],
      ],
    );
  }
  return address;
}
