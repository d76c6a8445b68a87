import { createDelegatedTokenProvider, GOOGLE_SCOPES, parseServiceAccountKey } from '@wac/google';
import { CONNECTOR_SCOPES, SCOPES, startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeMessage, type TOutgoingMessage } from '../src/send/outgoing-message.composer';
import { createSmtpSender } from '../src/send/smtp.sender';
import type { TSmtpSecurity } from '../src/send/smtp-endpoint';
import { startTestSmtpServer, type TTestSmtpServer } from './support/smtp.server';

const message = (over: Partial<TOutgoingMessage> = {}): TOutgoingMessage => ({
  from: 'Alice <alice@example.com>',
  to: ['bob@example.com'],
  cc: ['carol@example.com'],
  bcc: ['erin@example.com'],
  subject: 'Quarterly figures',
  text: 'See attached.',
  html: '<p>See attached.</p>',
  attachments: [{ filename: 'figures.csv', contentType: 'text/csv', content: Buffer.from('a,b\n1,2\n') }],
  headers: { 'X-Application': 'billing' },
  ...over,
});

describe('sending over SMTP with delegated XOAUTH2', () => {
  let emulator: TEmulator;
  let clientId: string;
  let tokens: ReturnType<typeof createDelegatedTokenProvider>;
  const servers = new Map<TSmtpSecurity, TTestSmtpServer>();

  beforeAll(async () => {
    emulator = await startEmulator();
    const key = emulator.createServiceAccountKey({ delegatedScopes: [...CONNECTOR_SCOPES] });
    const parsed = parseServiceAccountKey(key.json);
    clientId = parsed.clientId;
    tokens = createDelegatedTokenProvider({ key: parsed });
    for (const security of ['none', 'starttls', 'tls'] as const) {
      servers.set(security, await startTestSmtpServer({ tokenInfoOrigin: emulator.url, security }));
    }
  });
  afterAll(async () => {
    for (const server of servers.values()) await server.close();
    await emulator?.close();
  });
  beforeEach(() => {
    for (const server of servers.values()) {
      server.received.length = 0;
      server.script.length = 0;
      server.refuseRecipients.clear();
    }
  });

  const senderFor = (security: TSmtpSecurity, scopes: string[] = [GOOGLE_SCOPES.mail]) => {
    const server = servers.get(security) as TTestSmtpServer;
    return createSmtpSender({
      endpoint: {
        host: server.host,
        port: server.port,
        security,
        allowSelfSignedCertificate: true,
        timeoutMs: 5000,
      },
      getAccessToken: async (sender) => (await tokens.getAccessToken(sender, scopes)).accessToken,
      clientId: async () => clientId,
    });
  };

  for (const security of ['none', 'starttls', 'tls'] as const) {
    it(`delivers the composed bytes as the sender (${security})`, async () => {
      const composed = await composeMessage(message());
      const result = await senderFor(security).sendOnce(composed, 'alice@example.com');
      expect(result).toMatchObject({ status: 'sent', refused: [] });
      if (result.status === 'sent') expect(result.reply).toMatch(/^250 2\.0\.0 OK/);
      const server = servers.get(security) as TTestSmtpServer;
      expect(server.received).toHaveLength(1);
      const [received] = server.received;
      expect(received?.user).toBe('alice@example.com');
      expect(received?.mailFrom).toBe('alice@example.com');
      expect(received?.rcptTo).toEqual(['bob@example.com', 'carol@example.com', 'erin@example.com']);
      expect(received?.raw.equals(composed.raw)).toBe(true);
      const text = received?.raw.toString('utf8') ?? '';
      expect(text).toMatch(/^From: Alice <alice@example\.com>\r$/m);
      expect(text).toContain(`Message-ID: ${composed.messageId}`);
      expect(text).toContain('X-Application: billing');
      expect(text).not.toMatch(/^Bcc:/im);
    });
  }

  it('names the Client ID and the mail scope when Gmail refuses a token without it (535-5.7.8)', async () => {
    const result = await senderFor('none', [SCOPES.directoryUserReadonly]).sendOnce(
      await composeMessage(message()),
      'alice@example.com',
    );
    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(result.problem).toMatchObject({ code: 'MAIL_SCOPE_NOT_DELEGATED', isTransient: false });
    expect(result.problem.reply).toMatch(/^535 5\.7\.8/);
    expect(result.problem.remedy).toContain(clientId);
    expect(result.problem.remedy).toContain(GOOGLE_SCOPES.mail);
  });

  it('refuses to authenticate as another user than the token was issued for', async () => {
    const server = servers.get('none') as TTestSmtpServer;
    const sender = createSmtpSender({
      endpoint: { host: server.host, port: server.port, security: 'none' },
      getAccessToken: async () =>
        (await tokens.getAccessToken('bob@example.com', [GOOGLE_SCOPES.mail])).accessToken,
    });
    const result = await sender.sendOnce(await composeMessage(message()), 'alice@example.com');
    expect(result.status === 'failed' && result.problem.code).toBe('MAIL_SCOPE_NOT_DELEGATED');
    expect(server.received).toHaveLength(0);
  });

  const cases = [
    {
      name: '550 5.4.5 daily limit',
      reply: { stage: 'mail', code: 550, text: '5.4.5 Daily user sending limit exceeded.' },
      code: 'DAILY_LIMIT_EXCEEDED',
      isTransient: false,
    },
    {
      name: '421 4.7.0 try again later',
      reply: { stage: 'mail', code: 421, text: '4.7.0 Try again later, closing connection. (MAIL)' },
      code: 'TEMPORARILY_REFUSED',
      isTransient: true,
    },
    {
      name: '421 4.3.0 temporary system problem',
      reply: { stage: 'data', code: 421, text: '4.3.0 Temporary System Problem. Try again later' },
      code: 'TEMPORARILY_REFUSED',
      isTransient: true,
    },
    {
      name: 'another 5xx (552 5.7.0 blocked attachment)',
      reply: {
        stage: 'data',
        code: 552,
        text: '5.7.0 This message was blocked because its content presents a potential security issue.',
      },
      code: 'MESSAGE_REFUSED',
      isTransient: false,
    },
  ] as const;
  for (const entry of cases) {
    it(`maps Gmail's ${entry.name}`, async () => {
      const server = servers.get('none') as TTestSmtpServer;
      server.script.push(entry.reply);
      const result = await senderFor('none').sendOnce(await composeMessage(message()), 'alice@example.com');
      expect(result.status).toBe('failed');
      if (result.status !== 'failed') return;
      expect(result.problem.code).toBe(entry.code);
      expect(result.problem.isTransient).toBe(entry.isTransient);
      expect(result.problem.reply).toContain(`${entry.reply.code} ${entry.reply.text.slice(0, 20)}`);
      expect(result.isOutcomeUncertain).toBe(false);
    });
  }

  it('reports recipients refused one by one and sends to the others', async () => {
    const server = servers.get('none') as TTestSmtpServer;
    server.refuseRecipients.set('carol@example.com', {
      code: 550,
      text: '5.1.1 The email account that you tried to reach does not exist.',
    });
    const result = await senderFor('none').sendOnce(await composeMessage(message()), 'alice@example.com');
    expect(result.status).toBe('sent');
    if (result.status !== 'sent') return;
    expect(result.accepted).toEqual(['bob@example.com', 'erin@example.com']);
    expect(result.refused).toEqual([
      { address: 'carol@example.com', reply: expect.stringMatching(/^550 5\.1\.1/) },
    ]);
    expect(server.received[0]?.rcptTo).toEqual(['bob@example.com', 'erin@example.com']);
  });

  it('fails without retry when every recipient is refused', async () => {
    const server = servers.get('none') as TTestSmtpServer;
    server.refuseRecipients.set('bob@example.com', { code: 550, text: '5.1.1 no such user' });
    const result = await senderFor('none').sendOnce(
      await composeMessage(message({ cc: [], bcc: [] })),
      'alice@example.com',
    );
    expect(result.status === 'failed' && result.problem).toMatchObject({
      code: 'ALL_RECIPIENTS_REFUSED',
      isTransient: false,
      refusedRecipients: [{ address: 'bob@example.com', reply: expect.stringMatching(/^550/) }],
    });
  });

  it('marks a connection dropped after DATA as an uncertain outcome; the retry carries the same Message-ID', async () => {
    const server = servers.get('starttls') as TTestSmtpServer;
    server.script.push({ stage: 'data', drop: 'after-data' });
    const composed = await composeMessage(message());
    const first = await senderFor('starttls').sendOnce(composed, 'alice@example.com');
    expect(first.status === 'failed' && first.problem.code).toBe('CONNECTION_LOST');
    expect(first.status === 'failed' && first.problem.isTransient).toBe(true);
    expect(first.status === 'failed' && first.isOutcomeUncertain).toBe(true);
    const second = await senderFor('starttls').sendOnce(composed, 'alice@example.com');
    expect(second.status).toBe('sent');
    // The server did get the first one: the duplicate is recognisable by its Message-ID.
    expect(server.received).toHaveLength(2);
    expect(server.received[0]?.raw.equals(server.received[1]?.raw as Buffer)).toBe(true);
  });

  it('treats an unreachable server as a transient, certain failure', async () => {
    const server = await startTestSmtpServer({ tokenInfoOrigin: emulator.url });
    await server.close();
    const sender = createSmtpSender({
      endpoint: { host: '127.0.0.1', port: server.port, security: 'none', timeoutMs: 2000 },
      getAccessToken: async (user) => (await tokens.getAccessToken(user, [GOOGLE_SCOPES.mail])).accessToken,
    });
    const result = await sender.sendOnce(await composeMessage(message()), 'alice@example.com');
    expect(result.status === 'failed' && result.problem.code).toBe('CONNECTION_LOST');
    expect(result.status === 'failed' && result.isOutcomeUncertain).toBe(false);
  });
});

describe('the mail scope not delegated', () => {
  it('fails before SMTP naming the Client ID and the scope to add', async () => {
    const emulator = await startEmulator();
    const server = await startTestSmtpServer({ tokenInfoOrigin: emulator.url });
    try {
      const key = parseServiceAccountKey(
        emulator.createServiceAccountKey({ delegatedScopes: [SCOPES.directoryUserReadonly] }).json,
      );
      const tokens = createDelegatedTokenProvider({ key });
      const sender = createSmtpSender({
        endpoint: { host: server.host, port: server.port, security: 'none' },
        getAccessToken: async (user) => (await tokens.getAccessToken(user, [GOOGLE_SCOPES.mail])).accessToken,
      });
      const result = await sender.sendOnce(await composeMessage(message()), 'alice@example.com');
      expect(result.status === 'failed' && result.problem.code).toBe('MAIL_SCOPE_NOT_DELEGATED');
      expect(result.status === 'failed' && result.problem.remedy).toContain(key.clientId);
      expect(result.status === 'failed' && result.problem.remedy).toContain(GOOGLE_SCOPES.mail);
      expect(server.logins).toHaveLength(0);
    } finally {
      await server.close();
      await emulator.close();
    }
  });
});
