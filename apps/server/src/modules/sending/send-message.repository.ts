import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';
import type { TSenderUsage } from './send-limits';

export type TNewSendMessage = {
  source: 'API' | 'NOTIFICATION' | 'TEST';
  tokenId: string | null;
  sender: string;
  subject: string;
  recipients: string[];
  messageId: string;
  raw: Buffer;
  idempotencyKey: string | null;
  createdAt: Date;
};

export type TSendAttemptEntry = {
  at: string;
  outcome: 'sent' | 'failed';
  reply: string | null;
  problemCode: string | null;
  /** This attempt's connection dropped after the whole message went out: it may have been delivered. */
  isOutcomeUncertain: boolean;
  /** This attempt followed an uncertain one, so the recipient may get the message twice. */
  isAfterUncertain: boolean;
};

// A SENDING row this old belongs to a worker that died mid-attempt; its job's retry may take it over.
export const STALE_SENDING_MS = 10 * 60_000;

const viewSelect = {
  id: true,
  source: true,
  tokenId: true,
  sender: true,
  subject: true,
  recipientCount: true,
  messageId: true,
  sizeBytes: true,
  status: true,
  attempts: true,
  isUncertainRetry: true,
  lastReply: true,
  problemCode: true,
  problemMessage: true,
  problemRemedy: true,
  refusedRecipients: true,
  attemptLog: true,
  createdAt: true,
  sentAt: true,
  nextAttemptAt: true,
} as const;

export type TSendMessageRow = Prisma.SendMessageGetPayload<{ select: typeof viewSelect }>;

/**
 * Serialises acceptance per sender across every instance, so two requests cannot both pass the
 * last free place under a daily limit. Held until the accepting transaction ends.
 */
export async function lockSender(tx: TDb, sender: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`send:${sender}`}, 0))`;
}

/** Messages and recipients accepted for this sender in the rolling window (failed-before-Gmail included). */
export async function senderUsageSince(tx: TDb, sender: string, since: Date): Promise<TSenderUsage> {
  const result = await tx.sendMessage.aggregate({
    where: { sender, createdAt: { gt: since } },
    _count: { _all: true },
    _sum: { recipientCount: true },
  });
  return { messages: result._count._all, recipients: result._sum.recipientCount ?? 0 };
}

export async function findByIdempotencyKey(
  db: TDb,
  tokenId: string,
  key: string,
): Promise<{ id: string; status: TSendMessageRow['status']; messageId: string } | null> {
  return db.sendMessage.findUnique({
    where: { tokenId_idempotencyKey: { tokenId, idempotencyKey: key } },
    select: { id: true, status: true, messageId: true },
  });
}

export async function insertSendMessage(db: TDb, message: TNewSendMessage): Promise<{ id: string }> {
  return db.sendMessage.create({
    data: {
      ...message,
      raw: new Uint8Array(message.raw),
      recipientCount: message.recipients.length,
      sizeBytes: message.raw.length,
      status: 'QUEUED',
      updatedAt: message.createdAt,
    },
    select: { id: true },
  });
}

export async function findSendMessage(
  db: TDb,
  id: string,
  tokenId?: string,
): Promise<TSendMessageRow | null> {
  return db.sendMessage.findFirst({ where: { id, ...(tokenId ? { tokenId } : {}) }, select: viewSelect });
}

export async function listSendMessages(
  db: TDb,
  options: { limit: number; before?: Date },
): Promise<TSendMessageRow[]> {
  return db.sendMessage.findMany({
    where: options.before ? { createdAt: { lt: options.before } } : {},
    orderBy: { createdAt: 'desc' },
    take: options.limit,
    select: viewSelect,
  });
}

/** What a job needs to send: the composed bytes and the envelope. Null when it is already settled. */
export async function claimForAttempt(
  db: TDb,
  id: string,
  at: Date,
): Promise<{
  sender: string;
  recipients: string[];
  raw: Buffer;
  attempts: number;
  isAfterUncertain: boolean;
} | null> {
  const claimed = await db.sendMessage.updateManyAndReturn({
    where: {
      id,
      OR: [
        { status: { in: ['QUEUED', 'RETRYING'] } },
        { status: 'SENDING', updatedAt: { lt: new Date(at.getTime() - STALE_SENDING_MS) } },
      ],
    },
    data: { status: 'SENDING', attempts: { increment: 1 }, updatedAt: at },
    select: { sender: true, recipients: true, raw: true, attempts: true, attemptLog: true, status: true },
  });
  const row = claimed[0];
  if (!row || row.raw === null) return null;
  const log = row.attemptLog as TSendAttemptEntry[];
  const last = log[log.length - 1];
  // A previous attempt that never recorded its end (the worker died) is as uncertain as a drop after DATA.
  const wasUnfinished = row.attempts > log.length + 1;
  return {
    sender: row.sender,
    recipients: row.recipients,
    raw: Buffer.from(row.raw),
    attempts: row.attempts,
    isAfterUncertain: last?.isOutcomeUncertain === true || wasUnfinished,
  };
}

export async function recordAttempt(
  db: TDb,
  id: string,
  update: {
    status: 'SENT' | 'FAILED' | 'RETRYING';
    entry: TSendAttemptEntry;
    lastReply: string | null;
    problem: { code: string; message: string; remedy: string } | null;
    refusedRecipients: { address: string; reply: string }[];
    isUncertainRetry: boolean;
    nextAttemptAt: Date | null;
    at: Date;
  },
): Promise<void> {
  const isSettled = update.status !== 'RETRYING';
  await db.$executeRaw`
    UPDATE send_messages SET
      status = ${update.status}::send_message_status,
      attempt_log = attempt_log || ${JSON.stringify([update.entry])}::jsonb,
      last_reply = ${update.lastReply},
      problem_code = ${update.problem?.code ?? null},
      problem_message = ${update.problem?.message ?? null},
      problem_remedy = ${update.problem?.remedy ?? null},
      refused_recipients = ${JSON.stringify(update.refusedRecipients)}::jsonb,
      is_uncertain_retry = is_uncertain_retry OR ${update.isUncertainRetry},
      next_attempt_at = ${update.nextAttemptAt},
      sent_at = ${update.status === 'SENT' ? update.at : null},
      raw = CASE WHEN ${isSettled} THEN NULL ELSE raw END,
      updated_at = ${update.at}
    WHERE id = ${id}::uuid`;
}
