import type {
  TMailbox,
  TSendLog,
  TSendMessageAccepted,
  TSendMessageParsed,
  TSendMessageView,
  TSendSettings,
} from '@wac/api-contract';
import { MAX_SEND_MESSAGE_BYTES } from '@wac/api-contract';
import { composeMessage, type TOutgoingMessage } from '@wac/mail';
import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import { findApiTokenNames } from './api-token.repository';
import type { TAuthenticatedToken } from './api-token.service';
import { checkSendLimits, SEND_WINDOW_MS, type TSendLimits } from './send-limits';
import {
  findByIdempotencyKey,
  findSendMessage,
  insertSendMessage,
  listSendMessages,
  lockSender,
  senderUsageSince,
  type TSendAttemptEntry,
  type TSendMessageRow,
} from './send-message.repository';
import { findPrivilegedSenders, findSendSettings, isAllowedSenderAddress } from './send-settings.repository';

export type TSendingServiceDeps = {
  prisma: TPrisma;
  clock: TClock;
  limits: TSendLimits;
  smtp: { host: string; port: number; security: string };
  enqueue: (sendMessageId: string) => Promise<void>;
};

type TInternalMessage = {
  from: TMailbox;
  to: TMailbox[];
  subject: string;
  text: string;
  source: 'NOTIFICATION' | 'TEST';
};

const mailboxOf = (mailbox: TMailbox) =>
  mailbox.name ? { name: mailbox.name, address: mailbox.address } : mailbox.address;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'P2002';
}

export function toSendMessageView(row: TSendMessageRow, tokenNames: Map<string, string>): TSendMessageView {
  return {
    id: row.id,
    source: row.source,
    tokenName: row.tokenId ? (tokenNames.get(row.tokenId) ?? null) : null,
    sender: row.sender,
    subject: row.subject,
    recipientCount: row.recipientCount,
    messageId: row.messageId,
    sizeBytes: row.sizeBytes,
    status: row.status,
    attempts: row.attempts,
    isUncertainRetry: row.isUncertainRetry,
    lastReply: row.lastReply,
    problem:
      row.problemCode === null
        ? null
        : { code: row.problemCode, message: row.problemMessage ?? '', remedy: row.problemRemedy ?? '' },
    refusedRecipients: row.refusedRecipients as { address: string; reply: string }[],
    attemptLog: row.attemptLog as TSendAttemptEntry[],
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
  };
}

/** Accepting, queueing and reporting messages: the send API's and the console's one way in. */
export function createSendingService(deps: TSendingServiceDeps) {
  const { prisma, clock, limits } = deps;

  async function isAllowedSender(address: string): Promise<boolean> {
    return isAllowedSenderAddress(prisma, address);
  }

  async function accept(
    message: TOutgoingMessage,
    meta: {
      source: 'API' | 'NOTIFICATION' | 'TEST';
      tokenId: string | null;
      sender: string;
      subject: string;
      idempotencyKey: string | null;
    },
  ): Promise<TSendMessageAccepted> {
    const recipients = [
      ...new Set(
        [...message.to, ...message.cc, ...message.bcc].map((entry) =>
          typeof entry === 'string' ? entry : entry.address,
        ),
      ),
    ];
    const early = checkSendLimits(limits, meta.sender, { messages: 0, recipients: 0 }, recipients.length);
    if (!early.isAllowed) throw limitError(early);
    // Composed before the first attempt: the Message-ID and the bytes never change afterwards.
    const composed = await composeMessage(message, { date: clock.now() });
    if (composed.raw.length > MAX_SEND_MESSAGE_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', {
        message: `The message is ${Math.ceil(composed.raw.length / 1048576)} MB encoded; Gmail takes at most 25 MB.`,
      });
    }
    let id: string;
    try {
      id = await prisma.$transaction(async (tx) => {
        await lockSender(tx, meta.sender);
        const usage = await senderUsageSince(
          tx,
          meta.sender,
          new Date(clock.now().getTime() - SEND_WINDOW_MS),
        );
        const verdict = checkSendLimits(limits, meta.sender, usage, recipients.length);
        if (!verdict.isAllowed) throw limitError(verdict);
        const row = await insertSendMessage(tx, {
          source: meta.source,
          tokenId: meta.tokenId,
          sender: meta.sender,
          subject: meta.subject,
          recipients,
          messageId: composed.messageId,
          raw: composed.raw,
          idempotencyKey: meta.idempotencyKey,
          createdAt: clock.now(),
        });
        return row.id;
      });
    } catch (error) {
      // Two requests with one Idempotency-Key at the same moment: the second finds the first.
      if (isUniqueViolation(error) && meta.tokenId && meta.idempotencyKey) {
        const earlier = await findByIdempotencyKey(prisma, meta.tokenId, meta.idempotencyKey);
        if (earlier)
          return { id: earlier.id, status: earlier.status, messageId: earlier.messageId, isReplay: true };
      }
      throw error;
    }
    await deps.enqueue(id);
    return { id, status: 'QUEUED', messageId: composed.messageId, isReplay: false };
  }

  return {
    isAllowedSender,

    async sendFromApi(
      input: TSendMessageParsed,
      token: TAuthenticatedToken,
      idempotencyKey: string | null,
    ): Promise<TSendMessageAccepted> {
      const sender = input.from.address;
      if (idempotencyKey !== null) {
        const earlier = await findByIdempotencyKey(prisma, token.id, idempotencyKey);
        if (earlier)
          return { id: earlier.id, status: earlier.status, messageId: earlier.messageId, isReplay: true };
      }
      if (!token.senders.includes(sender)) {
        throw new AppError('SENDER_NOT_ALLOWED', {
          message: `The API token "${token.name}" may not send as ${sender}; it may send as ${token.senders.join(', ')}.`,
          details: { sender },
        });
      }
      if (!(await isAllowedSender(sender))) {
        throw new AppError('SENDER_NOT_ALLOWED', {
          message: `${sender} is not an allowed sender. Give the user the Send E-mail privilege, or list the address under Mail > Allowed senders.`,
          details: { sender },
        });
      }
      return accept(
        {
          from: mailboxOf(input.from),
          to: input.to.map(mailboxOf),
          cc: input.cc.map(mailboxOf),
          bcc: input.bcc.map(mailboxOf),
          ...(input.replyTo ? { replyTo: input.replyTo.map(mailboxOf) } : {}),
          subject: input.subject,
          ...(input.text !== undefined ? { text: input.text } : {}),
          ...(input.html !== undefined ? { html: input.html } : {}),
          attachments: input.attachments.map((attachment) => ({
            filename: attachment.filename,
            content: Buffer.from(attachment.content, 'base64'),
            ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
          })),
          headers: input.headers,
        },
        { source: 'API', tokenId: token.id, sender, subject: input.subject, idempotencyKey },
      );
    },

    /** The product's own mail (notifications, Send test e-mail): same queue, same limits, no token. */
    async sendInternal(message: TInternalMessage): Promise<TSendMessageAccepted> {
      return accept(
        {
          from: mailboxOf(message.from),
          to: message.to.map(mailboxOf),
          cc: [],
          bcc: [],
          subject: message.subject,
          text: message.text,
        },
        {
          source: message.source,
          tokenId: null,
          sender: message.from.address,
          subject: message.subject,
          idempotencyKey: null,
        },
      );
    },

    async getMessage(id: string, tokenId?: string): Promise<TSendMessageView> {
      const row = await findSendMessage(prisma, id, tokenId);
      if (row === null) throw new AppError('NOT_FOUND', { message: 'There is no such message.' });
      const names = await findApiTokenNames(prisma, row.tokenId ? [row.tokenId] : []);
      return toSendMessageView(row, names);
    },

    async listLog(options: { limit: number; before?: Date }): Promise<TSendLog> {
      const rows = await listSendMessages(prisma, { limit: options.limit + 1, before: options.before });
      const page = rows.slice(0, options.limit);
      const names = await findApiTokenNames(prisma, [
        ...new Set(page.flatMap((row) => (row.tokenId ? [row.tokenId] : []))),
      ]);
      return {
        messages: page.map((row) => toSendMessageView(row, names)),
        hasMore: rows.length > options.limit,
      };
    },

    async getSettingsView(): Promise<TSendSettings> {
      const [settings, privileged] = await Promise.all([
        findSendSettings(prisma),
        findPrivilegedSenders(prisma),
      ]);
      return {
        listedSenders: settings.listedSenders,
        privilegedSenders: privileged.flatMap((user) =>
          user.emails.slice(0, 1).map((address) => ({ userName: user.userName, address })),
        ),
        notificationSender: settings.notificationSender,
        notificationRecipients: settings.notificationRecipients,
        notify: {
          syncProblems: settings.notifySyncProblems,
          mailboxProblems: settings.notifyMailboxProblems,
          keyAge: settings.notifyKeyAge,
        },
        limits,
        smtp: deps.smtp,
      };
    },
  };
}

function limitError(verdict: Extract<ReturnType<typeof checkSendLimits>, { isAllowed: false }>): AppError {
  return new AppError(verdict.status === 429 ? 'SEND_LIMIT_EXCEEDED' : 'BAD_REQUEST', {
    message: verdict.message,
    details: { limit: verdict.limit },
  });
}

export type TSendingService = ReturnType<typeof createSendingService>;
