// Runs one archiveMailbox in a process of its own, so a test can kill -9 it mid-run.
import { createArchiveIngest, createFsBlobStore, deriveArchiveKeys } from '@wac/archive';
import pg from 'pg';
import { archiveMailbox } from '../../src/archiver/mailbox.archiver';

const input = JSON.parse(process.env.ARCHIVE_CHILD_INPUT ?? '{}');
const pool = new pg.Pool({ connectionString: input.databaseUrl, max: 2 });
const store = createFsBlobStore({
  root: input.storeRoot,
  keys: deriveArchiveKeys(Buffer.from(input.masterKey, 'base64')),
});
await archiveMailbox(
  {
    pool,
    ingest: createArchiveIngest({ pool, store }),
    getAccessToken: async () => input.accessToken,
    imap: input.imap,
    log: { info: () => undefined, warn: () => undefined },
    batchLimits: { maxMessages: 5, maxBytes: 8e6 },
  },
  input.target,
);
await pool.end();
