// Sending as users of the domain: 1,000 messages of 10 KB from 50 senders through POST
// /api/v1/messages, the pg-boss queue and the SMTP worker to a local SMTP server (XOAUTH2 checked
// at the emulator's /tokeninfo), against nodemailer sending the same messages directly with the
// same concurrency in the same run. Reports the throughput ratio and the API's acceptance latency.
// Last line: one JSON object.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPrismaClient, runMigrations, startEmbeddedPostgres, toUserNameKey } from '@wac/db';
import { createDelegatedTokenProvider, GOOGLE_SCOPES, parseServiceAccountKey } from '@wac/google';
import { CONNECTOR_SCOPES, generateDomain, startEmulator } from '@wac/google-workspace-emulator';
import { buildApp, parseEnv } from '@wac/server';
import type * as Nodemailer from '../packages/mail/node_modules/nodemailer';
import { startTestSmtpServer } from '../packages/mail/test/support/smtp.server';

// nodemailer is @wac/mail's dependency; the baseline loads that very copy.
const nodemailer = createRequire(new URL('../packages/mail/package.json', import.meta.url))(
  'nodemailer',
) as typeof Nodemailer;

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
const SENDERS = 50;
const BODY_BYTES = 10 * 1024;
const CONCURRENCY = 8;
const WARM_UP = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Runs `work` over `count` items with at most `limit` at once. */
async function pool(count: number, limit: number, work: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await work(index);
      }
    }),
  );
}

// Printable, varied text: 10 KB of body per message, so the SMTP stream carries real bytes.
const body = (n: number) =>
  `Message ${n}\n${randomBytes(BODY_BYTES * 0.75)
    .toString('base64')
    .replace(/(.{76})/g, '$1\n')}`.slice(0, BODY_BYTES);

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'wac-bench-send-'));
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir, databaseName: 'wac_bench_send' });
  const prisma = createPrismaClient(postgres.databaseUrl);
  const fixture = generateDomain({
    users: SENDERS + 10,
    groups: 0,
    domains: ['example.com'],
    suspendedRatio: 0,
    aliasRatio: 0,
  });
  const emulator = await startEmulator({ fixture });
  const smtp = await startTestSmtpServer({ tokenInfoOrigin: emulator.url, security: 'none' });
  try {
    await runMigrations({ databaseUrl: postgres.databaseUrl });
    const senders = fixture.users.slice(1, SENDERS + 1).map((user) => user.primaryEmail.toLowerCase());
    await prisma.user.createMany({
      data: senders.map((address) => ({
        userName: address,
        userNameKey: toUserNameKey(address),
        fullName: address,
        emails: [address],
        authMethod: 'DIRECTORY' as const,
        privileges: ['login', 'send'],
      })),
    });
    const keyJson = emulator.createServiceAccountKey({ delegatedScopes: [...CONNECTOR_SCOPES] }).json;
    const app = await buildApp({
      config: parseEnv({
        LOG_LEVEL: 'silent',
        DATABASE_URL: postgres.databaseUrl,
        SECRETS_KEY: randomBytes(32).toString('base64'),
        GOOGLE_ADMIN_ROOT_URL: emulator.url,
        GOOGLE_TOKEN_URI: emulator.tokenUri,
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMTP_SECURITY: 'none',
        SEND_CONCURRENCY: String(CONCURRENCY),
      }),
      prisma,
      databaseUrl: postgres.databaseUrl,
      sending: { pollingIntervalSeconds: 0.5 },
    });
    const actor = { actor: { userId: null, name: 'bench' }, context: { ip: null, requestId: null } };
    await app.services.googleConnection.importKey(
      {
        fileName: 'key.json',
        bytes: Buffer.from(keyJson),
        clientEmail: undefined,
        clientId: undefined,
        format: 'json',
      },
      actor,
    );
    await app.services.googleConnection.setAdminUser(fixture.users[0]?.primaryEmail ?? '', actor);
    const { token } = await app.services.sending.apiTokens.create({ name: 'bench', senders }, actor);
    const serverUrl = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');

    const messageOf = (n: number) => ({
      from: senders[n % SENDERS] as string,
      to: [`rcpt${n % 7}@example.org`],
      subject: `Bench message ${n}`,
      text: body(n),
    });

    // Direct: plain nodemailer with delegated tokens, one connection per message as the worker
    // does (Gmail authenticates per user), no API, no queue, no database.
    const tokens = createDelegatedTokenProvider({ key: parseServiceAccountKey(keyJson) });
    const sendDirect = async (n: number) => {
      const message = messageOf(n);
      const accessToken = (await tokens.getAccessToken(message.from, [GOOGLE_SCOPES.mail])).accessToken;
      const transport = nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: false,
        ignoreTLS: true,
        auth: { type: 'OAuth2', user: message.from, accessToken },
      });
      try {
        await transport.sendMail(message);
      } finally {
        transport.close();
      }
    };
    await pool(WARM_UP, CONCURRENCY, (n) => sendDirect(MESSAGES + n));
    const directStart = performance.now();
    await pool(MESSAGES, CONCURRENCY, sendDirect);
    const directSeconds = (performance.now() - directStart) / 1000;
    console.log(
      `direct: ${MESSAGES} messages in ${directSeconds.toFixed(2)} s (${(MESSAGES / directSeconds).toFixed(1)}/s)`,
    );

    // Queued: HTTP POST per message, answered at once; the worker sends them.
    const acceptMs: number[] = [];
    const post = async (n: number, record: boolean) => {
      const started = performance.now();
      const response = await fetch(`${serverUrl}/api/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(messageOf(n)),
      });
      const elapsed = performance.now() - started;
      if (response.status !== 202)
        throw new Error(`POST answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      if (record) acceptMs.push(elapsed);
    };
    const sentCount = () => prisma.sendMessage.count({ where: { status: 'SENT' } });
    const waitSent = async (count: number) => {
      for (;;) {
        const failed = await prisma.sendMessage.count({ where: { status: 'FAILED' } });
        if (failed > 0) throw new Error(`${failed} queued messages failed`);
        if ((await sentCount()) >= count) return;
        await sleep(20);
      }
    };
    await pool(WARM_UP, CONCURRENCY, (n) => post(MESSAGES * 2 + n, false));
    await waitSent(WARM_UP);
    const queuedStart = performance.now();
    await pool(MESSAGES, CONCURRENCY, (n) => post(n, true));
    const acceptSeconds = (performance.now() - queuedStart) / 1000;
    await waitSent(WARM_UP + MESSAGES);
    const queuedSeconds = (performance.now() - queuedStart) / 1000;
    console.log(
      `queued: ${MESSAGES} accepted in ${acceptSeconds.toFixed(2)} s, all sent after ${queuedSeconds.toFixed(2)} s (${(MESSAGES / queuedSeconds).toFixed(1)}/s)`,
    );
    const sorted = [...acceptMs].sort((a, b) => a - b);
    const received = smtp.received.length;
    const expected = 2 * (WARM_UP + MESSAGES);
    if (received !== expected)
      throw new Error(`the SMTP server received ${received} messages, expected ${expected}`);
    await app.close();
    const result = {
      messages: MESSAGES,
      senders: SENDERS,
      messageBytes: BODY_BYTES,
      concurrency: CONCURRENCY,
      directMessagesPerSecond: Number((MESSAGES / directSeconds).toFixed(1)),
      queuedMessagesPerSecond: Number((MESSAGES / queuedSeconds).toFixed(1)),
      directVsQueuedThroughput: Number((directSeconds === 0 ? 0 : queuedSeconds / directSeconds).toFixed(3)),
      addedLatencyPerMessageMs: Number((((queuedSeconds - directSeconds) * 1000) / MESSAGES).toFixed(2)),
      acceptP50Ms: Number(percentile(sorted, 50).toFixed(2)),
      acceptP95Ms: Number(percentile(sorted, 95).toFixed(2)),
      acceptP99Ms: Number(percentile(sorted, 99).toFixed(2)),
      targets: { directVsQueuedThroughput: 1.3, acceptP95Ms: 20 },
    };
    console.log(JSON.stringify(result));
  } finally {
    await smtp.close();
    await emulator.close();
    await prisma.$disconnect();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
