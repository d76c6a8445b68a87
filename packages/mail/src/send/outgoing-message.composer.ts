import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

export type TOutgoingAttachment = { filename: string; contentType?: string; content: Buffer };

/** An address, or a display name with one (nodemailer encodes the name as needed). */
export type TAddress = string | { name: string; address: string };

export type TOutgoingMessage = {
  from: TAddress;
  to: TAddress[];
  cc: TAddress[];
  bcc: TAddress[];
  replyTo?: TAddress[];
  subject: string;
  text?: string;
  html?: string;
  attachments?: TOutgoingAttachment[];
  /** Extra headers; the ones that shape the envelope or the MIME structure are refused upstream. */
  headers?: Record<string, string>;
};

export type TComposedMessage = {
  /** The exact bytes every attempt sends: the Message-ID and Date are fixed once. */
  raw: Buffer;
  messageId: string;
  envelope: { from: string; to: string[] };
};

/** `<uuid@domain-of-sender>`: Gmail keeps a Message-ID it is given, so retries carry the same one. */
export function addressOf(address: TAddress): string {
  if (typeof address !== 'string') return address.address;
  return (/<([^<>]+)>\s*$/.exec(address)?.[1] ?? address).trim();
}

export function newMessageId(from: TAddress): string {
  const domain = addressOf(from).split('@').pop() || 'localhost';
  return `<${randomUUID()}@${domain}>`;
}

/**
 * Builds the MIME message once, before the first attempt. A retry after a dropped connection then
 * sends byte-for-byte the same message, so a duplicate (if the first one did arrive) carries the same
 * Message-ID and mail clients show it once.
 */
export async function composeMessage(
  message: TOutgoingMessage,
  options: { messageId?: string; date?: Date } = {},
): Promise<TComposedMessage> {
  const messageId = options.messageId ?? newMessageId(message.from);
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    ...(message.replyTo?.length ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.html !== undefined ? { html: message.html } : {}),
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      content: attachment.content,
      ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
    })),
    headers: message.headers ?? {},
    messageId,
    date: options.date ?? new Date(),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await composer.compile().build();
  return {
    raw,
    messageId,
    envelope: {
      from: addressOf(message.from),
      to: [...new Set([...message.to, ...message.cc, ...message.bcc].map(addressOf))],
    },
  };
}
