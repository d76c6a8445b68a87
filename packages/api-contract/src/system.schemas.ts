import { z } from 'zod';

const ZCount = z.number().int().min(0);

export const ZServerInstance = z.object({
  id: z.uuid(),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  startedAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  stoppedAt: z.iso.datetime().nullable(),
  /** Seen within the last few heartbeats and not stopped. */
  isAlive: z.boolean(),
  /** The instance that answered this request. */
  isThisInstance: z.boolean(),
});
export type TServerInstance = z.output<typeof ZServerInstance>;

export const ZSystemProblem = z.object({
  /** What failed: a directory sync, a mailbox of an archive run, or a message to send. */
  source: z.enum(['SYNC', 'ARCHIVE', 'SEND']),
  at: z.iso.datetime(),
  /** The user, mailbox or sender concerned, when there is one. */
  subject: z.string().nullable(),
  code: z.string().nullable(),
  message: z.string(),
});
export type TSystemProblem = z.output<typeof ZSystemProblem>;

export const ZSystemOverview = z.object({
  version: z.string(),
  nodeVersion: z.string(),
  uptimeSeconds: z.number().min(0),
  databaseBytes: ZCount,
  archive: z.object({
    messages: ZCount,
    /** Raw RFC 5322 bytes of the distinct messages. */
    rawBytes: ZCount,
    /** What the blobs take, compressed and encrypted, by the database's account. */
    storedBytes: ZCount,
    /** Bytes found under DATA_DIR/archive; null when not measured (or not on this instance's disk). */
    diskBytes: ZCount.nullable(),
  }),
  usersByAuthMethod: z.record(z.string(), ZCount),
  mailboxesByState: z.record(z.string(), ZCount),
  queues: z.array(z.object({ queue: z.string(), state: z.string(), jobs: ZCount })),
  instances: z.array(ZServerInstance),
  problems: z.array(ZSystemProblem),
});
export type TSystemOverview = z.output<typeof ZSystemOverview>;
