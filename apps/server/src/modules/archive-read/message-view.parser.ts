import PostalMime, { type Address, type Email } from 'postal-mime';

export type TParsedAttachment = {
  index: number;
  filename: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId: string | null;
  content: Uint8Array;
};

export type TParsedMessage = {
  subject: string | null;
  from: string | null;
  to: string | null;
  cc: string | null;
  date: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  headers: { name: string; value: string }[];
  text: string | null;
  html: string | null;
  attachments: TParsedAttachment[];
};

/** What the viewer shows of a raw message; a message postal-mime cannot read shows as its text. */
export async function parseArchivedMessage(raw: Buffer): Promise<TParsedMessage> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  } catch {
    return {
      subject: null,
      from: null,
      to: null,
      cc: null,
      date: null,
      messageId: null,
      inReplyTo: null,
      references: [],
      headers: [],
      text: raw.toString('utf8'),
      html: null,
      attachments: [],
    };
  }
  const date = email.date ? new Date(email.date) : null;
  return {
    subject: email.subject ?? null,
    from: email.from ? formatAddresses([email.from]) : null,
    to: email.to?.length ? formatAddresses(email.to) : null,
    cc: email.cc?.length ? formatAddresses(email.cc) : null,
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    messageId: email.messageId ?? null,
    inReplyTo: email.inReplyTo ?? null,
    references: (email.references ?? '').match(/<[^<>\s]+>/g) ?? [],
    headers: email.headers.map((header) => ({ name: header.originalKey ?? header.key, value: header.value })),
    text: email.text ?? null,
    html: email.html ?? null,
    attachments: email.attachments.map((attachment, index) => {
      const content =
        attachment.content instanceof ArrayBuffer
          ? new Uint8Array(attachment.content)
          : Buffer.from(String(attachment.content));
      return {
        index,
        filename: attachment.filename ?? `attachment-${index + 1}`,
        contentType: attachment.mimeType ?? 'application/octet-stream',
        size: content.byteLength,
        isInline: attachment.disposition === 'inline' || Boolean(attachment.related),
        contentId: attachment.contentId ? attachment.contentId.replace(/^<|>$/g, '') : null,
        content,
      };
    }),
  };
}

function formatAddresses(addresses: Address[]): string {
  return addresses
    .flatMap((address) => ('group' in address && address.group ? address.group : [address]))
    .map((mailbox) => {
      const email = 'address' in mailbox ? mailbox.address : '';
      return mailbox.name ? `${mailbox.name} <${email}>` : (email ?? '');
    })
    .join(', ');
}
