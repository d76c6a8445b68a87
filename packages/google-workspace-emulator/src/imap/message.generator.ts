import { createCipheriv, createHash } from 'node:crypto';
import { FAMILY_NAMES, GIVEN_NAMES, TEAMS } from '../domain/name-pool';
import { createRandom, pick } from '../domain/seeded-random';

export type TGenerateMessagesOptions = {
  count: number;
  /** The mailbox owner: sender of Sent mail and drafts, recipient of the rest. */
  owner: string;
  seed?: number;
  /** Internal date of the oldest message; messages follow roughly an hour apart. */
  start?: Date;
  /** Share of messages with an attachment (0..1). */
  attachmentRate?: number;
  /** Largest attachment; sizes are log-normal below it. */
  maxAttachmentBytes?: number;
};

export type TGeneratedMessage = {
  raw: Buffer;
  labels: string[];
  flags: string[];
  internalDate: Date;
  /** Index of an earlier generated message this one answers: it joins that one's thread. */
  replyTo?: number;
};

const SUBJECTS = [
  'Quarterly numbers',
  'Lunch on Friday?',
  'Contract draft for review',
  'Your invoice',
  'Release notes',
  'Travel plans',
  'Meeting notes',
  'Budget approval',
  'Welcome aboard',
  'Server maintenance window',
  'Customer feedback',
  'Offsite agenda',
];
const EXTERNAL_DOMAINS = ['partner.example', 'supplier.example', 'customer.example', 'newsletter.example'];
const USER_LABELS = ['Projects', 'Receipts', 'Travel/2024', 'Customers'];
const WORDS =
  'the a report budget plan team meeting client review update schedule project draft numbers please thanks attached follow next week agenda results'.split(
    ' ',
  );

/** Repeatable, realistic mail for one mailbox: threads, Sent mail, labels, HTML, attachments. */
export function generateMessages(options: TGenerateMessagesOptions): TGeneratedMessage[] {
  const random = createRandom(options.seed ?? 1);
  const ownerDomain = options.owner.split('@')[1] ?? 'example.com';
  const start = (options.start ?? new Date('2024-01-01T08:00:00Z')).getTime();
  const attachmentRate = options.attachmentRate ?? 0.2;
  const maxAttachment = options.maxAttachmentBytes ?? 512 * 1024;
  const messages: TGeneratedMessage[] = [];
  const subjects: string[] = [];
  const messageIds: string[] = [];
  for (let index = 0; index < options.count; index++) {
    const date = new Date(start + index * 3_600_000 + Math.floor(random() * 1_800_000));
    const person = `${pick(random, GIVEN_NAMES)} ${pick(random, FAMILY_NAMES)}`;
    const otherAddress = `${person.toLowerCase().replace(/[^a-z]+/g, '.')}@${
      random() < 0.5 ? ownerDomain : pick(random, EXTERNAL_DOMAINS)
    }`;
    const kind = random();
    const isSent = kind < 0.2;
    const isDraft = kind >= 0.2 && kind < 0.22;
    const replyTo =
      index > 0 && random() < 0.3 ? Math.max(0, index - 1 - Math.floor(random() * 20)) : undefined;
    const subject =
      replyTo === undefined
        ? `${pick(random, SUBJECTS)} #${index + 1}`
        : `Re: ${subjects[replyTo]!.replace(/^Re: /, '')}`;
    const messageId = `<${(options.seed ?? 1).toString(36)}.${index}.${Math.floor(random() * 1e9).toString(36)}@${
      isSent || isDraft ? ownerDomain : otherAddress.split('@')[1]
    }>`;
    subjects.push(subject);
    messageIds.push(messageId);
    const headers = [
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `From: ${isSent || isDraft ? options.owner : `"${person}" <${otherAddress}>`}`,
      `To: ${isSent || isDraft ? `"${person}" <${otherAddress}>` : options.owner}`,
      ...(random() < 0.2
        ? [
            `Cc: ${pick(random, TEAMS)
              .toLowerCase()
              .replace(/[^a-z]+/g, '-')}@${ownerDomain}`,
          ]
        : []),
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      ...(replyTo === undefined
        ? []
        : [`In-Reply-To: ${messageIds[replyTo]}`, `References: ${messageIds[replyTo]}`]),
      'MIME-Version: 1.0',
    ];
    const text = paragraphs(random, 1 + Math.floor(random() * 6));
    const hasAttachment = random() < attachmentRate;
    const body = hasAttachment
      ? mixedBody(random, text, attachmentSize(random, maxAttachment), index)
      : random() < 0.5
        ? alternativeBody(text, index)
        : { headers: ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 7bit'], text };
    const raw = Buffer.from(`${[...headers, ...body.headers].join('\r\n')}\r\n\r\n${body.text}`, 'utf8');
    messages.push({
      raw,
      labels: labelsFor(random, isSent, isDraft),
      flags: isSent || random() < 0.7 ? ['\\Seen'] : [],
      internalDate: date,
      replyTo,
    });
  }
  return messages;
}

function labelsFor(random: () => number, isSent: boolean, isDraft: boolean): string[] {
  if (isDraft) return ['\\Draft'];
  if (isSent) return ['\\Sent'];
  const roll = random();
  if (roll < 0.03) return ['\\Spam'];
  if (roll < 0.05) return ['\\Trash'];
  const labels = roll < 0.75 ? ['\\Inbox'] : [];
  if (random() < 0.15) labels.push('\\Important');
  if (random() < 0.12) labels.push(pick(random, USER_LABELS));
  return labels;
}

function paragraphs(random: () => number, count: number): string {
  const result: string[] = [];
  for (let p = 0; p < count; p++) {
    const words: string[] = [];
    const length = 20 + Math.floor(random() * 80);
    for (let w = 0; w < length; w++) words.push(pick(random, WORDS));
    result.push(`${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
  }
  return wrap(result.join('\n\n'));
}

function wrap(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/(.{1,72})(\s|$)/g, '$1\r\n').trimEnd())
    .join('\r\n');
}

function alternativeBody(text: string, index: number) {
  const boundary = `alt-${index}`;
  const html = `<html><body>${text
    .split('\r\n\r\n')
    .map((p) => `<p>${p}</p>`)
    .join('\r\n')}</body></html>`;
  return {
    headers: [`Content-Type: multipart/alternative; boundary="${boundary}"`],
    text: [
      `--${boundary}`,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      text,
      `--${boundary}`,
      'Content-Type: text/html; charset=UTF-8',
      '',
      html,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  };
}

function mixedBody(random: () => number, text: string, size: number, index: number) {
  const boundary = `mixed-${index}`;
  const bytes = pseudoRandomBytes(`${random()}`, size);
  const encoded = bytes.toString('base64');
  const lines: string[] = [];
  for (let offset = 0; offset < encoded.length; offset += 76) lines.push(encoded.slice(offset, offset + 76));
  const base64 = lines.join('\r\n');
  const name = `${pick(random, ['report', 'invoice', 'photo', 'slides', 'notes'])}-${index}.${pick(random, [
    'pdf',
    'xlsx',
    'jpg',
    'pptx',
  ])}`;
  return {
    headers: [`Content-Type: multipart/mixed; boundary="${boundary}"`],
    text: [
      `--${boundary}`,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      text,
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  };
}

// Incompressible like real attachments, repeatable for a seed, and native-fast (AES-CTR keystream).
function pseudoRandomBytes(seed: string, size: number): Buffer {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

// Log-normal around ~20 KB, capped: most attachments are small, a few approach the cap.
function attachmentSize(random: () => number, max: number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(1024, Math.min(max, Math.round(Math.exp(Math.log(20_000) + 1.2 * normal))));
}
