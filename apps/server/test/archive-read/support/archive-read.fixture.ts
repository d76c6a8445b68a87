import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createArchiveIngest, createFsBlobStore, deriveArchiveKeys, type TMessageSource } from '@wac/archive';
import type { TTestDatabase } from '@wac/db/testing';
import pg from 'pg';
import { TEST_SECRETS_KEY } from '../../support/test-app';

/** A temp DATA_DIR the embedded Postgres user can traverse (FACTS: mkdtemp makes 0700). */
export async function makeDataDir(): Promise<{ dataDir: string; remove(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wac-archive-read-'));
  await chmod(dataDir, 0o711);
  return { dataDir, remove: () => rm(dataDir, { recursive: true, force: true }) };
}

export type TSeedMessage = { raw: Buffer; source?: Partial<TMessageSource> };

/**
 * Archives messages the way the archiver does: @wac/archive's ingest over the filesystem store
 * under DATA_DIR/archive, keyed from the same master key the test app uses.
 */
export async function seedArchive(
  database: TTestDatabase,
  dataDir: string,
  archiveFolderId: string,
  messages: TSeedMessage[],
): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: database.databaseUrl, max: 2 });
  try {
    const store = createFsBlobStore({
      root: path.join(dataDir, 'archive'),
      keys: deriveArchiveKeys(Buffer.from(TEST_SECRETS_KEY, 'base64')),
    });
    const ingest = createArchiveIngest({ pool, store });
    const results = await ingest.ingest(
      messages.map((message, index) => ({
        archiveFolderId,
        raw: message.raw,
        source: {
          folder: 'INBOX',
          uidValidity: 1,
          uid: index + 1 + Math.floor(Math.random() * 1_000_000),
          flags: ['\\Seen'],
          internalDate: new Date('2026-12-01T10:00:00Z'),
          ...message.source,
        },
      })),
    );
    return results.map((result) => result.address);
  } finally {
    await pool.end();
  }
}

/** A small RFC 5322 message; CRLF line ends like mail on the wire. */
export function textMessage(input: {
  from?: string;
  to?: string;
  subject: string;
  body?: string;
  messageId?: string;
  date?: string;
  extraHeaders?: string[];
}): Buffer {
  return Buffer.from(
    [
      `From: ${input.from ?? 'Carol <carol@example.net>'}`,
      `To: ${input.to ?? 'alice@example.com'}`,
      `Subject: ${input.subject}`,
      `Message-ID: ${input.messageId ?? `<${input.subject.replace(/\W+/g, '.')}.${Math.random().toString(36).slice(2)}@example.net>`}`,
      `Date: ${input.date ?? 'Sat, 05 Dec 2026 10:00:00 +0000'}`,
      ...(input.extraHeaders ?? []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      input.body ?? `Body of ${input.subject}.`,
      '',
    ].join('\r\n'),
  );
}

/** HTML with a cid: image, a remote image and an attachment. */
export function htmlMessage(input: { subject: string; html: string; attachmentName?: string }): Buffer {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  return Buffer.from(
    [
      'From: Dave <dave@example.net>',
      'To: alice@example.com',
      `Subject: ${input.subject}`,
      `Message-ID: <${input.subject.replace(/\W+/g, '.')}@example.net>`,
      'Date: Fri, 04 Dec 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mixed"',
      '',
      '--mixed',
      'Content-Type: multipart/related; boundary="related"',
      '',
      '--related',
      'Content-Type: text/html; charset=utf-8',
      '',
      input.html,
      '--related',
      'Content-Type: image/png',
      'Content-ID: <logo@example.net>',
      'Content-Disposition: inline',
      'Content-Transfer-Encoding: base64',
      '',
      png.toString('base64'),
      '--related--',
      '--mixed',
      'Content-Type: application/pdf',
      // RFC 2231: any name, quotes and accents included.
      `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(input.attachmentName ?? 'report.pdf')}`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fake report').toString('base64'),
      '--mixed--',
      '',
    ].join('\r\n'),
  );
}
