import { z } from 'zod';

// Gmail refuses messages over 25 MB when sending; base64 makes attachments a third bigger on the wire.
export const MAX_SEND_MESSAGE_BYTES = 25 * 1024 * 1024;
export const MAX_SEND_REQUEST_BYTES = Math.ceil((MAX_SEND_MESSAGE_BYTES * 4) / 3) + 1024 * 1024;

const ADDRESS =
  /^[^\s<>@",;:()[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const NAMED = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^"<>]*?))\s*<([^<>]+)>\s*$/;

/** "alice@example.com" or "Alice Example <alice@example.com>": parsed to a name and a lower-cased address. */
export const ZMailbox = z
  .string()
  .max(400)
  .transform((value, ctx) => {
    const named = NAMED.exec(value);
    const address = (named ? named[3] : value)?.trim() ?? '';
    if (!ADDRESS.test(address)) {
      ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 100)}" is not an e-mail address` });
      return z.NEVER;
    }
    const name = (named?.[1]?.replace(/\\(.)/g, '$1') ?? named?.[2] ?? '').trim();
    return { name, address: address.toLowerCase() };
  });
export type TMailbox = z.output<typeof ZMailbox>;

const ZMailboxList = z.union([ZMailbox.transform((one) => [one]), z.array(ZMailbox).max(1000)]);

// These shape the envelope, the identity or the MIME structure: they come from the fields above.
export const RESERVED_HEADERS = [
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'return-path',
  'received',
  'dkim-signature',
] as const;

const ZHeaders = z
  .record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'must be a header name'),
    z
      .string()
      .max(2000)
      .regex(/^[^\r\n\0]*$/, 'must be one line'),
  )
  .default({})
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if ((RESERVED_HEADERS as readonly string[]).includes(name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `${name} is set from the message's own fields`,
        });
      }
    }
    if (Object.keys(headers).length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 headers' });
  });

export const ZSendAttachment = z.object({
  filename: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\r\n\0/\\]*$/, 'must be a plain file name'),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type such as application/pdf')
    .optional(),
  content: z.base64({ message: 'must be base64' }),
});

export const ZSendMessageInput = z
  .object({
    from: ZMailbox,
    to: ZMailboxList.default([]),
    cc: ZMailboxList.default([]),
    bcc: ZMailboxList.default([]),
    replyTo: ZMailboxList.optional(),
    subject: z
      .string()
      .max(998)
      .regex(/^[^\r\n\0]*$/, 'must be one line'),
    text: z.string().optional(),
    html: z.string().optional(),
    attachments: z.array(ZSendAttachment).max(100).default([]),
    headers: ZHeaders,
  })
  .superRefine((message, ctx) => {
    if (message.to.length + message.cc.length + message.bcc.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'at least one recipient (to, cc or bcc) is needed',
      });
    }
    if (message.text === undefined && message.html === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'text or html is needed' });
    }
  });
export type TSendMessageInput = z.input<typeof ZSendMessageInput>;
export type TSendMessageParsed = z.output<typeof ZSendMessageInput>;

export const ZSendMessageStatus = z.enum(['QUEUED', 'SENDING', 'RETRYING', 'SENT', 'FAILED']);

export const ZSendMessageAccepted = z.object({
  id: z.uuid(),
  status: ZSendMessageStatus,
  messageId: z.string(),
  /** True when an Idempotency-Key matched an earlier request: nothing new was queued. */
  isReplay: z.boolean(),
});
export type TSendMessageAccepted = z.output<typeof ZSendMessageAccepted>;

export const ZSendAttempt = z.object({
  at: z.string(),
  outcome: z.enum(['sent', 'failed']),
  reply: z.string().nullable(),
  problemCode: z.string().nullable(),
  /** The connection dropped after the whole message went out: it may have been delivered. */
  isOutcomeUncertain: z.boolean(),
  /** The attempt followed one whose outcome was unknown (connection dropped after DATA). */
  isAfterUncertain: z.boolean(),
});

export const ZSendMessageView = z.object({
  id: z.uuid(),
  source: z.enum(['API', 'NOTIFICATION', 'TEST']),
  tokenName: z.string().nullable(),
  sender: z.string(),
  subject: z.string(),
  recipientCount: z.number().int(),
  messageId: z.string(),
  sizeBytes: z.number().int(),
  status: ZSendMessageStatus,
  attempts: z.number().int(),
  isUncertainRetry: z.boolean(),
  lastReply: z.string().nullable(),
  problem: z.object({ code: z.string(), message: z.string(), remedy: z.string() }).nullable(),
  refusedRecipients: z.array(z.object({ address: z.string(), reply: z.string() })),
  attemptLog: z.array(ZSendAttempt),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type TSendMessageView = z.output<typeof ZSendMessageView>;

export const ZSendLog = z.object({ messages: z.array(ZSendMessageView), hasMore: z.boolean() });
export type TSendLog = z.output<typeof ZSendLog>;

export const ZApiTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** Addresses the token may send as; each must also be an allowed sender when a message is sent. */
  senders: z.array(ZMailbox).min(1).max(1000),
});

export const ZApiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  tokenPrefix: z.string(),
  senders: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TApiTokenView = z.output<typeof ZApiTokenView>;

/** The token itself is in this response only; it is stored hashed. */
export const ZApiTokenCreated = z.object({ apiToken: ZApiTokenView, token: z.string() });
export type TApiTokenCreated = z.output<typeof ZApiTokenCreated>;

export const ZApiTokenList = z.object({ apiTokens: z.array(ZApiTokenView) });

const ZNotificationKinds = z.object({
  syncProblems: z.boolean(),
  mailboxProblems: z.boolean(),
  keyAge: z.boolean(),
});

export const ZSendSettingsInput = z.object({
  /** Allowed besides synced users holding the Send E-mail privilege (shared mailboxes, for example). */
  listedSenders: z.array(ZMailbox).max(10_000),
  notificationSender: ZMailbox.nullable(),
  notificationRecipients: z.array(ZMailbox).max(100),
  notify: ZNotificationKinds,
});
export type TSendSettingsInput = z.input<typeof ZSendSettingsInput>;

export const ZSendSettings = z.object({
  listedSenders: z.array(z.string()),
  /** Synced users holding the Send E-mail privilege. */
  privilegedSenders: z.array(z.object({ userName: z.string(), address: z.string() })),
  notificationSender: z.string().nullable(),
  notificationRecipients: z.array(z.string()),
  notify: ZNotificationKinds,
  limits: z.object({
    messagesPerDay: z.number().int(),
    recipientsPerDay: z.number().int(),
    recipientsPerMessage: z.number().int(),
  }),
  smtp: z.object({ host: z.string(), port: z.number().int(), security: z.string() }),
});
export type TSendSettings = z.output<typeof ZSendSettings>;

export const ZTestSendInput = z.object({ from: ZMailbox, to: ZMailbox });
