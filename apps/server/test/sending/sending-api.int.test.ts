import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { GOOGLE_SCOPES } from '@wac/google';
import { CONNECTOR_SCOPES, SCOPES, startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  connectGoogle,
  createSyncedUser,
  createToken,
  getMessage,
  postMessage,
  saveSendSettings,
  startSendingApp,
  type TSendingHarness,
  waitForSettled,
} from './support/sending.fixture';

const message = (over: Record<string, unknown> = {}) => ({
  from: 'Alice Example <alice@example.com>',
  to: ['bob@example.com'],
  cc: 'carol@example.com',
  bcc: ['erin@example.com'],
  replyTo: 'support@example.com',
  subject: 'Invoice 42',
  text: 'Your invoice is attached.',
  html: '<p>Your invoice is attached.</p>',
  attachments: [
    {
      filename: 'invoice.txt',
      contentType: 'text/plain',
      content: Buffer.from('total: 42').toString('base64'),
    },
  ],
  headers: { 'X-Invoice': '42' },
  ...over,
});

describe('the send API with delegated XOAUTH2', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let h: TSendingHarness;
  let token: string;
  let clientId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    emulator = await startEmulator();
    h = await startSendingApp(database, emulator, {
      env: { SEND_MAX_RECIPIENTS_PER_MESSAGE: '3' },
    });
    clientId = (await connectGoogle(h, emulator, [...CONNECTOR_SCOPES])).clientId;
    await createSyncedUser(database, 'alice');
    await createSyncedUser(database, 'bob', ['login']);
    await createSyncedUser(database, 'frank');
    ({ token } = await createToken(h.admin, 'billing', [
      'alice@example.com',
      'bob@example.com',
      'shared@example.com',
    ]));
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
    await database?.drop();
  });
  beforeEach(() => {
    h.smtp.received.length = 0;
    h.smtp.script.length = 0;
    h.smtp.refuseRecipients.clear();
  });

  it('queues, answers at once, and delivers as the sender with the bytes it composed', async () => {
    const response = await postMessage(h.app, token, message());
    expect(response.statusCode, response.body).toBe(202);
    const accepted = response.json<{ id: string; messageId: string; status: string }>();
    expect(accepted.status).toBe('QUEUED');
    const sent = await waitForSettled(h.app, token, accepted.id);
    expect(sent).toMatchObject({
      status: 'SENT',
      attempts: 1,
      isUncertainRetry: false,
      messageId: accepted.messageId,
    });
    expect(sent.lastReply).toMatch(/^250 2\.0\.0 OK/);
    expect(h.smtp.received).toHaveLength(1);
    const [received] = h.smtp.received;
    expect(received?.user).toBe('alice@example.com');
    expect(received?.mailFrom).toBe('alice@example.com');
    expect(received?.rcptTo).toEqual(['bob@example.com', 'carol@example.com', 'erin@example.com']);
    const raw = received?.raw.toString('utf8') ?? '';
    expect(raw).toMatch(/^From: Alice Example <alice@example\.com>\r$/m);
    expect(raw).toContain(`Message-ID: ${accepted.messageId}`);
    expect(raw).toMatch(/^Reply-To: support@example\.com\r$/m);
    expect(raw).toMatch(/^X-Invoice: 42\r$/m);
    expect(raw).toContain(Buffer.from('total: 42').toString('base64'));
    expect(raw).not.toMatch(/^Bcc:/im);
    // The stored copy is gone once sent; the log keeps the facts.
    const row = await database.prisma.sendMessage.findUniqueOrThrow({ where: { id: accepted.id } });
    expect(row.raw).toBeNull();
    expect(row.sizeBytes).toBe(received?.raw.length);
  });

  it('refuses a sender outside the token scope and one that is not an allowed sender (403)', async () => {
    const outsideToken = await postMessage(h.app, token, message({ from: 'frank@example.com' }));
    expect(outsideToken.statusCode).toBe(403);
    expect(outsideToken.json().error.message).toContain('may not send as frank@example.com');
    // bob is in the token's scope but lacks the Send E-mail privilege.
    const notAllowed = await postMessage(h.app, token, message({ from: 'bob@example.com' }));
    expect(notAllowed.statusCode).toBe(403);
    expect(notAllowed.json().error.message).toContain('bob@example.com is not an allowed sender');
    expect(h.smtp.received).toHaveLength(0);
  });

  it('lets a listed address send (a shared mailbox without the privilege)', async () => {
    const before = await postMessage(h.app, token, message({ from: 'heidi@example.net' }));
    expect(before.statusCode).toBe(403);
    await saveSendSettings(h.admin, { listedSenders: ['bob@example.com'] });
    const response = await postMessage(
      h.app,
      token,
      message({ from: 'bob@example.com', subject: 'from bob' }),
    );
    expect(response.statusCode, response.body).toBe(202);
    const sent = await waitForSettled(h.app, token, response.json().id);
    expect(sent.status).toBe('SENT');
    expect(h.smtp.received[0]?.user).toBe('bob@example.com');
    await saveSendSettings(h.admin, { listedSenders: [] });
  });

  it('refuses requests without a token, with an unknown one, and after revocation; shows last use', async () => {
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message() })).statusCode,
    ).toBe(401);
    expect((await postMessage(h.app, 'wacs_not-a-token', message())).statusCode).toBe(401);
    const second = await createToken(h.admin, 'temporary', ['alice@example.com']);
    expect(second.token).toMatch(/^wacs_/);
    expect((await postMessage(h.app, second.token, message({ subject: 'before revoke' }))).statusCode).toBe(
      202,
    );
    const listed = await h.admin.request({ method: 'GET', url: '/api/sending/tokens' });
    const view = listed.json().apiTokens.find((entry: { id: string }) => entry.id === second.apiToken.id);
    expect(view.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.json())).not.toContain(second.token);
    const stored = await database.prisma.sendApiToken.findUniqueOrThrow({
      where: { id: second.apiToken.id },
    });
    expect(stored.tokenHash).not.toContain(second.token);
    const revoke = await h.admin.request({
      method: 'POST',
      url: `/api/sending/tokens/${second.apiToken.id}/revoke`,
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const after = await postMessage(h.app, second.token, message({ subject: 'after revoke' }));
    expect(after.statusCode).toBe(401);
  });

  it('a token sees only its own messages', async () => {
    const other = await createToken(h.admin, 'other', ['alice@example.com']);
    const response = await postMessage(h.app, token, message({ subject: 'mine' }));
    const id = response.json().id;
    const foreign = await h.app.inject({
      method: 'GET',
      url: `/api/v1/messages/${id}`,
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(foreign.statusCode).toBe(404);
    await waitForSettled(h.app, token, id);
  });

  it('sends once for a retried request with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'order-1001' };
    const first = await postMessage(h.app, token, message({ subject: 'once' }), headers);
    const again = await Promise.all([
      postMessage(h.app, token, message({ subject: 'once' }), headers),
      postMessage(h.app, token, message({ subject: 'once' }), headers),
    ]);
    expect(first.statusCode).toBe(202);
    for (const response of again) {
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: first.json().id, isReplay: true });
    }
    await waitForSettled(h.app, token, first.json().id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.smtp.received.filter((entry) => entry.raw.toString().includes('Subject: once'))).toHaveLength(1);
  });

  it('refuses more recipients than allowed per message with a 400 naming the limit', async () => {
    const response = await postMessage(
      h.app,
      token,
      message({ to: ['a@example.com', 'b@example.com', 'c@example.com'] }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('at most 3 recipients per message');
    expect(response.json().error.details).toEqual({ limit: 'recipientsPerMessage' });
  });

  it('validates the message with the field named', async () => {
    const badAddress = await postMessage(h.app, token, message({ to: ['not an address'] }));
    expect(badAddress.statusCode).toBe(400);
    const reserved = await postMessage(h.app, token, message({ headers: { Bcc: 'x@example.com' } }));
    expect(reserved.statusCode).toBe(400);
    expect(reserved.body).toContain('Bcc');
  });

  it("maps Gmail's replies: transient 421s are retried with backoff, 550 5.4.5 and other 5xx fail at once", async () => {
    h.smtp.script.push({
      stage: 'mail',
      code: 421,
      text: '4.7.0 Try again later, closing connection. (MAIL)',
    });
    h.smtp.script.push({ stage: 'data', code: 421, text: '4.3.0 Temporary System Problem. Try again later' });
    const accepted = await postMessage(h.app, token, message({ subject: 'retried' }));
    const sent = await waitForSettled(h.app, token, accepted.json().id);
    expect(sent.status).toBe('SENT');
    expect(sent.attempts).toBe(3);
    expect(sent.attemptLog.map((entry) => entry.problemCode)).toEqual([
      'TEMPORARILY_REFUSED',
      'TEMPORARILY_REFUSED',
      null,
    ]);
    expect(sent.attemptLog[0]?.reply).toMatch(/^421 4\.7\.0/);
    expect(sent.attemptLog[1]?.reply).toMatch(/^421 4\.3\.0/);

    h.smtp.script.push({ stage: 'mail', code: 550, text: '5.4.5 Daily user sending limit exceeded.' });
    const daily = await waitForSettled(
      h.app,
      token,
      (await postMessage(h.app, token, message({ subject: 'daily' }))).json().id,
    );
    expect(daily).toMatchObject({ status: 'FAILED', attempts: 1, problem: { code: 'DAILY_LIMIT_EXCEEDED' } });
    expect(daily.lastReply).toMatch(/^550 5\.4\.5/);

    h.smtp.script.push({ stage: 'data', code: 554, text: '5.7.0 Message rejected: policy' });
    const refused = await waitForSettled(
      h.app,
      token,
      (await postMessage(h.app, token, message({ subject: 'policy' }))).json().id,
    );
    expect(refused).toMatchObject({ status: 'FAILED', attempts: 1, problem: { code: 'MESSAGE_REFUSED' } });

    // Three 421s in a row use up both retries.
    for (let n = 0; n < 3; n += 1)
      h.smtp.script.push({ stage: 'mail', code: 421, text: '4.7.0 Try again later' });
    const gaveUp = await waitForSettled(
      h.app,
      token,
      (await postMessage(h.app, token, message({ subject: 'gave up' }))).json().id,
    );
    expect(gaveUp).toMatchObject({ status: 'FAILED', attempts: 3, problem: { code: 'TEMPORARILY_REFUSED' } });
    expect(gaveUp.problem?.message).toContain('gave up after 3 attempts');
  });

  it('names the Client ID and the mail scope when Gmail refuses the token (535-5.7.8)', async () => {
    h.smtp.script.push({ stage: 'auth', code: 535, text: '5.7.8 Username and Password not accepted.' });
    const failed = await waitForSettled(
      h.app,
      token,
      (await postMessage(h.app, token, message({ subject: 'refused token' }))).json().id,
    );
    expect(failed).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      problem: { code: 'MAIL_SCOPE_NOT_DELEGATED' },
    });
    expect(failed.problem?.remedy).toContain(clientId);
    expect(failed.problem?.remedy).toContain(GOOGLE_SCOPES.mail);
  });

  it('reports recipients Gmail refused one by one', async () => {
    h.smtp.refuseRecipients.set('carol@example.com', {
      code: 550,
      text: '5.1.1 The email account that you tried to reach does not exist.',
    });
    const sent = await waitForSettled(
      h.app,
      token,
      (await postMessage(h.app, token, message({ subject: 'partly' }))).json().id,
    );
    expect(sent.status).toBe('SENT');
    expect(sent.refusedRecipients).toEqual([
      { address: 'carol@example.com', reply: expect.stringMatching(/^550 5\.1\.1/) },
    ]);
  });

  it('retries a connection dropped after DATA with the same Message-ID and marks the retry uncertain', async () => {
    h.smtp.script.push({ stage: 'data', drop: 'after-data' });
    const accepted = await postMessage(h.app, token, message({ subject: 'dropped' }));
    const sent = await waitForSettled(h.app, token, accepted.json().id);
    expect(sent).toMatchObject({ status: 'SENT', attempts: 2, isUncertainRetry: true });
    expect(sent.attemptLog[0]).toMatchObject({
      outcome: 'failed',
      problemCode: 'CONNECTION_LOST',
      isOutcomeUncertain: true,
    });
    expect(sent.attemptLog[1]).toMatchObject({ outcome: 'sent', isAfterUncertain: true });
    // The server did keep the first copy: both carry the one Message-ID, so clients show it once.
    const copies = h.smtp.received.filter((entry) => entry.raw.toString().includes('Subject: dropped'));
    expect(copies).toHaveLength(2);
    expect(copies[0]?.raw.equals(copies[1]?.raw as Buffer)).toBe(true);
    expect(copies[0]?.raw.toString()).toContain(`Message-ID: ${accepted.json().messageId}`);
  });

  it('shows the send log to admins only', async () => {
    const log = await h.admin.request({ method: 'GET', url: '/api/sending/log?limit=5' });
    expect(log.statusCode).toBe(200);
    expect(log.json().messages.length).toBe(5);
    expect(log.json().messages[0]).toMatchObject({
      tokenName: expect.any(String),
      sender: expect.any(String),
    });
    const anonymous = await h.app.inject({ method: 'GET', url: '/api/sending/log' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('per-sender limits over a rolling 24 hours', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let h: TSendingHarness;

  beforeAll(async () => {
    database = await createTestDatabase();
    emulator = await startEmulator();
    h = await startSendingApp(database, emulator, {
      env: { SEND_MAX_MESSAGES_PER_DAY: '3', SEND_MAX_RECIPIENTS_PER_DAY: '5' },
    });
    await connectGoogle(h, emulator, [...CONNECTOR_SCOPES]);
    await createSyncedUser(database, 'alice');
    await createSyncedUser(database, 'frank');
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
    await database?.drop();
  });

  it('refuses the message past the daily message limit at once with a 429 naming it', async () => {
    const { token } = await createToken(h.admin, 'limits', ['alice@example.com']);
    for (let n = 0; n < 3; n += 1) {
      expect(
        (await postMessage(h.app, token, message({ subject: `n${n}`, cc: [], bcc: [] }))).statusCode,
      ).toBe(202);
    }
    const refused = await postMessage(h.app, token, message({ subject: 'fourth', cc: [], bcc: [] }));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({
      code: 'SEND_LIMIT_EXCEEDED',
      details: { limit: 'messagesPerDay' },
    });
    expect(refused.json().error.message).toContain('3 messages per sender per rolling 24 hours');
    expect(await database.prisma.sendMessage.count({ where: { sender: 'alice@example.com' } })).toBe(3);
  });

  it('refuses past the daily recipient limit, counting every recipient', async () => {
    const { token } = await createToken(h.admin, 'recipients', ['frank@example.com']);
    const four = {
      from: 'frank@example.com',
      to: ['a@example.com', 'b@example.com'],
      cc: ['c@example.com', 'd@example.com'],
      bcc: [],
    };
    expect((await postMessage(h.app, token, message(four))).statusCode).toBe(202);
    const refused = await postMessage(h.app, token, message({ ...four, cc: [] }));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.details).toEqual({ limit: 'recipientsPerDay' });
  });
});

describe('the mail scope not delegated', () => {
  it('fails the message naming the Client ID and the scope to add', async () => {
    const database = await createTestDatabase();
    const emulator = await startEmulator();
    const h = await startSendingApp(database, emulator);
    try {
      const key = await connectGoogle(h, emulator, [
        SCOPES.directoryUserReadonly,
        SCOPES.directoryGroupReadonly,
      ]);
      await createSyncedUser(database, 'alice');
      const { token } = await createToken(h.admin, 'no-mail-scope', ['alice@example.com']);
      const accepted = await postMessage(h.app, token, message());
      expect(accepted.statusCode).toBe(202);
      const failed = await waitForSettled(h.app, token, accepted.json().id);
      expect(failed).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        problem: { code: 'MAIL_SCOPE_NOT_DELEGATED' },
      });
      expect(failed.problem?.remedy).toContain(key.clientId);
      expect(failed.problem?.remedy).toContain(GOOGLE_SCOPES.mail);
      expect(h.smtp.logins).toHaveLength(0);
      expect((await getMessage(h.app, token, accepted.json().id)).attempts).toBe(1);
    } finally {
      await h.close();
      await emulator.close();
      await database.drop();
    }
  });
});
