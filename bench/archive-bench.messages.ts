// Realistic, repeatable mail for the archive benchmark: log-normal sizes (2 KB to 2 MB, a few
// messages of 5 to 25 MB), plain-text, HTML-with-text and mixed messages with attachments. Binary
// attachments are AES-CTR keystream (incompressible, like PDFs and photos); text attachments and
// bodies are words, so compression and the full-text index see what they see in real mail.
import { createCipheriv, createHash } from 'node:crypto';

export const MIN_MESSAGE_BYTES = 2 * 1024;
export const MAX_REGULAR_BYTES = 2 * 1024 * 1024;
export const MAX_HUGE_BYTES = 25 * 1024 * 1024;
// Median ~14 KB, mean ~55 KB before clamping: the shape of a long-lived business mailbox.
const LOG_MEDIAN = Math.log(14 * 1024);
const LOG_SIGMA = 1.55;
/** One huge message per this many messages (at least one per mailbox of 5,000 or more). */
const HUGE_EVERY = 5_000;

const VOCABULARY = (() => {
  const random = createRandom(7);
  const syllables = 'ka lo mi ne ru ta be so di fa ge hu ji ke la mo nu pe qui ra se ti vo wa xe yo zu'.split(
    ' ',
  );
  const words = ['the', 'and', 'budget', 'meeting', 'invoice', 'contract', 'report', 'schedule', 'please'];
  while (words.length < 3_000) {
    const length = 1 + Math.floor(random() * 4);
    let word = '';
    for (let i = 0; i < length; i++) word += syllables[Math.floor(random() * syllables.length)];
    words.push(word);
  }
  return words;
})();

/** ~4 MB of prose to slice bodies from: far faster than drawing every word of 45,000 messages. */
const CORPUS = (() => {
  const random = createRandom(11);
  const lines: string[] = [];
  let chars = 0;
  while (chars < 4 * 1024 * 1024) {
    const words: string[] = [];
    for (let i = 0; i < 12; i++) words.push(VOCABULARY[Math.floor(random() ** 2 * VOCABULARY.length)]!);
    const line = `${words.join(' ')}.`;
    lines.push(line);
    chars += line.length + 2;
  }
  return lines.join('\r\n');
})();

export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function prose(random: () => number, chars: number): string {
  const start = Math.floor(random() * (CORPUS.length - chars - 1));
  const from = CORPUS.indexOf('\r\n', start);
  const begin = from < 0 ? 0 : from + 2;
  return CORPUS.slice(begin, begin + chars);
}

function keystream(seed: string, bytes: number): Buffer {
  const digest = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-128-ctr', digest.subarray(0, 16), digest.subarray(16, 32));
  return cipher.update(Buffer.alloc(bytes));
}

function base64Lines(data: Buffer): string {
  const text = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines.join('\r\n');
}

function qpLines(text: string): string {
  // Bodies are ASCII prose with CRLF lines under 76 characters: valid quoted-printable as they are.
  return text;
}

const ATTACHMENT_KINDS = [
  { ext: 'pdf', type: 'application/pdf', isText: false },
  { ext: 'jpg', type: 'image/jpeg', isText: false },
  {
    ext: 'docx',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    isText: false,
  },
  { ext: 'csv', type: 'text/csv', isText: true },
  { ext: 'txt', type: 'text/plain', isText: true },
] as const;

export type TBenchMessage = { raw: Buffer; inTwoFolders: boolean };

/** The size of message `index` of a mailbox: log-normal, clamped; a few huge ones. */
export function messageSize(random: () => number, index: number, count: number): number {
  const hugeCount = count >= HUGE_EVERY ? Math.floor(count / HUGE_EVERY) : 0;
  if (hugeCount > 0 && index % Math.floor(count / hugeCount) === Math.floor(count / hugeCount / 2)) {
    const nth = Math.floor(index / Math.floor(count / hugeCount));
    return Math.round(5 * 1024 * 1024 + ((nth + 1) / hugeCount) * (MAX_HUGE_BYTES - 5 * 1024 * 1024));
  }
  const size = Math.exp(LOG_MEDIAN + LOG_SIGMA * normal(random));
  return Math.round(Math.min(MAX_REGULAR_BYTES, Math.max(MIN_MESSAGE_BYTES, size)));
}

/**
 * Message `index` of `mailbox`: the same arguments always give the same bytes. 5% of messages are
 * flagged to be filed in a second folder too.
 */
export function makeBenchMessage(mailbox: string, index: number, count: number): TBenchMessage {
  const random = createRandom(hashSeed(`${mailbox}#${index}`));
  const target = messageSize(random, index, count);
  const domain = mailbox.split('@')[1] ?? 'bench.example';
  const sender = `${VOCABULARY[index % 500]}.${VOCABULARY[(index * 7) % 500]}@partner.example`;
  const subject = prose(random, 20 + Math.floor(random() * 40))
    .replace(/[\r\n.]+/g, ' ')
    .trim();
  const date = new Date(Date.UTC(2019, 0, 1) + index * 3_137_000 + Math.floor(random() * 3_000_000));
  const boundary = `=_bench_${index}_${Math.floor(random() * 1e9)}`;
  const headers = [
    `Return-Path: <${sender}>`,
    `Received: from mx.partner.example (mx.partner.example [192.0.2.${index % 250}]) by mx.${domain} with ESMTPS id ${index.toString(36)}; ${date.toUTCString()}`,
    `From: "${subject.split(' ')[0]} Sender" <${sender}>`,
    `To: ${mailbox}`,
    ...(random() < 0.3 ? [`Cc: team@${domain}, ${VOCABULARY[index % 300]}@${domain}`] : []),
    `Subject: ${subject}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <bench.${index}.${mailbox.replace(/\W/g, '.')}@partner.example>`,
    'MIME-Version: 1.0',
  ];
  const headerBytes = headers.join('\r\n').length + 200;
  const bodyChars = Math.max(200, Math.min(target - headerBytes, 1_500 + Math.floor(random() * 12_000)));
  const kind = random();
  const attachmentBytes = target - headerBytes - bodyChars * (kind < 0.6 ? 2 : 1);
  const inTwoFolders = random() < 0.05;
  const text = prose(random, bodyChars);

  if (attachmentBytes < 1024 && kind < 0.35) {
    return finish([...headers, 'Content-Type: text/plain; charset=us-ascii', '', text, ''], inTwoFolders);
  }
  const html = `<html><body style="font-family:Arial">${text
    .split('\r\n')
    .map((line) => `<p>${line}</p>`)
    .join('\r\n')}</body></html>`;
  const alternative = [
    `--${boundary}a`,
    'Content-Type: text/plain; charset=us-ascii',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qpLines(text),
    `--${boundary}a`,
    'Content-Type: text/html; charset=us-ascii',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qpLines(html),
    `--${boundary}a--`,
  ];
  if (attachmentBytes < 1024) {
    return finish(
      [...headers, `Content-Type: multipart/alternative; boundary="${boundary}a"`, '', ...alternative, ''],
      inTwoFolders,
    );
  }
  const parts: string[] = [];
  const attachments = 1 + Math.floor(random() * 3);
  for (let n = 0; n < attachments; n++) {
    const kindOf = ATTACHMENT_KINDS[Math.floor(random() * ATTACHMENT_KINDS.length)]!;
    // Base64 grows data by 4/3 (plus line breaks).
    const encoded = Math.floor(attachmentBytes / attachments);
    const bytes = Math.max(64, Math.floor((encoded * 3) / 4 / (78 / 76)));
    const data = kindOf.isText
      ? Buffer.from(prose(random, bytes))
      : keystream(`${mailbox}#${index}#${n}`, bytes);
    const name = `${VOCABULARY[(index + n) % VOCABULARY.length]}-${index}-${n}.${kindOf.ext}`;
    parts.push(
      `--${boundary}m`,
      `Content-Type: ${kindOf.type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(data),
    );
  }
  return finish(
    [
      ...headers,
      `Content-Type: multipart/mixed; boundary="${boundary}m"`,
      '',
      `--${boundary}m`,
      `Content-Type: multipart/alternative; boundary="${boundary}a"`,
      '',
      ...alternative,
      ...parts,
      `--${boundary}m--`,
      '',
    ],
    inTwoFolders,
  );
}

function finish(lines: string[], inTwoFolders: boolean): TBenchMessage {
  return { raw: Buffer.from(lines.join('\r\n'), 'latin1'), inTwoFolders };
}

function hashSeed(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}
