import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../src/auth/scopes';
import { startEmulator, type TEmulator } from '../src/emulator';
import { IMAP_TEXT } from '../src/imap/authenticate.handler';
import { connected, imapClient, mailToken } from './support/imap-client';
import { RawImap, xoauth2 } from './support/raw-imap';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

async function loginError(emulator: TEmulator, user: string, accessToken: string) {
  const error = await connected(emulator, { user, accessToken }).then(
    (client) => {
      client.close();
      throw new Error('login was accepted');
    },
    (failure: unknown) =>
      failure as { authenticationFailed?: boolean; response?: string; serverResponseCode?: string },
  );
  return error;
}

describe('Gmail IMAP: AUTHENTICATE against the emulator tokens', () => {
  let emulator: TEmulator;
  let xoauth2Only: TEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ imap: true });
    // imapflow prefers OAUTHBEARER when offered; offering only XOAUTH2 makes it speak that.
    xoauth2Only = await startEmulator({ imap: { authMechanisms: ['XOAUTH2'] } });
  });
  afterEach(() => {
    emulator.gmail.faults.reset();
  });
  afterAll(async () => {
    await emulator.close();
    await xoauth2Only.close();
  });

  it('advertises Gmail capabilities before and after login, without QRESYNC', async () => {
    const { client, greeting } = await RawImap.connect(emulator.imap!.host, emulator.imap!.port);
    expect(greeting).toMatch(/^\* OK Gimap ready/);
    const before = (await client.command('a1', 'CAPABILITY'))[0]!;
    expect(before).toContain('AUTH=XOAUTH2');
    expect(before).toContain('AUTH=OAUTHBEARER');
    expect(before).toContain('X-GM-EXT-1');
    const token = await mailToken(emulator, ALICE);
    const auth = await client.command('a2', `AUTHENTICATE XOAUTH2 ${xoauth2(ALICE, token)}`);
    expect(auth[auth.length - 1]).toBe(`a2 OK ${ALICE} authenticated (Success)`);
    const after = (await client.command('a3', 'CAPABILITY'))[0]!.split(' ');
    expect(after).toEqual(
      expect.arrayContaining([
        'IMAP4rev1',
        'X-GM-EXT-1',
        'UIDPLUS',
        'CONDSTORE',
        'SPECIAL-USE',
        'ENABLE',
        'IDLE',
      ]),
    );
    expect(after).toContain('APPENDLIMIT=35651584');
    expect(after).not.toContain('QRESYNC');
    expect((await client.command('a4', 'NOOP')).pop()).toBe('a4 OK Success');
    client.close();
  });

  it('logs in with OAUTHBEARER (imapflow default) and with XOAUTH2', async () => {
    const viaBearer = await connected(emulator, {
      user: ALICE,
      accessToken: await mailToken(emulator, ALICE),
    });
    expect(viaBearer.authenticated).toBeTruthy();
    await viaBearer.logout();
    const viaXoauth2 = await connected(xoauth2Only, {
      user: ALICE,
      accessToken: await mailToken(xoauth2Only, ALICE),
    });
    expect(viaXoauth2.authenticated).toBeTruthy();
    expect(viaXoauth2.capabilities.has('AUTH=OAUTHBEARER')).toBe(false);
    await viaXoauth2.logout();
  });

  it('refuses an unknown token, another user’s token and a token without the mail scope, in Gmail’s words', async () => {
    const aliceToken = await mailToken(xoauth2Only, ALICE);
    const noMailScope = await mailToken(xoauth2Only, ALICE, [SCOPES.directoryUserReadonly]);
    for (const [user, token] of [
      [ALICE, 'ya29.not-a-token'],
      [BOB, aliceToken],
      [ALICE, noMailScope],
    ] as const) {
      const error = await loginError(xoauth2Only, user, token);
      expect(error.authenticationFailed).toBe(true);
      expect(error.response).toContain('Invalid credentials (Failure)');
      expect(error.serverResponseCode).toBe('AUTHENTICATIONFAILED');
    }
  });

  it('sends the SASL error challenge, then the tagged NO', async () => {
    const { client } = await RawImap.connect(emulator.imap!.host, emulator.imap!.port);
    client.send(`a1 AUTHENTICATE XOAUTH2 ${xoauth2(ALICE, 'ya29.unknown')}`);
    const challenge = await client.readLine();
    expect(JSON.parse(Buffer.from(challenge.slice(2), 'base64').toString())).toEqual({
      status: '401',
      schemes: 'Bearer',
      scope: 'https://mail.google.com/',
    });
    client.send('');
    expect(await client.readLine()).toBe(`a1 NO ${IMAP_TEXT.invalidCredentials}`);
    expect((await client.command('a2', 'LOGIN alice@example.com secret')).pop()).toBe(
      `a2 NO ${IMAP_TEXT.loginRefused}`,
    );
    client.close();
  });

  it('refuses login with the ALERTs of IMAP disabled for the domain, the user’s OU, or the account', async () => {
    const token = await mailToken(emulator, ALICE);
    emulator.gmail.faults.domainImapDisabled = true;
    expect((await loginError(emulator, ALICE, token)).response).toContain(
      '[ALERT] IMAP access is disabled for this mail client for your domain. Please contact your domain administrator',
    );
    emulator.gmail.faults.domainImapDisabled = false;

    emulator.faults.setImapDisabled(ALICE, true);
    expect((await loginError(emulator, ALICE, token)).response).toContain('IMAP access is disabled');
    emulator.faults.setImapDisabled(ALICE, false);

    emulator.gmail.faults.setAccountNotEnabled(ALICE);
    const error = await loginError(emulator, ALICE, token);
    expect(error.response).toContain('[ALERT] Your account is not enabled for IMAP use.');
    expect(error.serverResponseCode).toBe('ALERT');
    emulator.gmail.faults.setAccountNotEnabled(ALICE, false);

    const client = await connected(emulator, { user: ALICE, accessToken: token });
    await client.logout();
  });

  it('allows 15 simultaneous connections per account and refuses the 16th', async () => {
    const token = await mailToken(emulator, ALICE);
    const clients = await Promise.all(
      Array.from({ length: 15 }, () => connected(emulator, { user: ALICE, accessToken: token })),
    );
    expect(emulator.imap!.connectionsOf(ALICE)).toBe(15);
    const error = await loginError(emulator, ALICE, token);
    expect(error.response).toContain('NO [ALERT] Too many simultaneous connections. (Failure)');
    // Another account has its own 15.
    const bob = await connected(emulator, { user: BOB, accessToken: await mailToken(emulator, BOB) });
    await bob.logout();
    await clients[0]!.logout();
    await expect.poll(() => emulator.imap!.connectionsOf(ALICE)).toBe(14);
    const again = await connected(emulator, { user: ALICE, accessToken: token });
    await Promise.all([again, ...clients.slice(1)].map((client) => client.logout()));
  });

  it('serves implicit TLS with a generated self-signed certificate', async () => {
    const secure = await startEmulator({ imap: { tls: true } });
    try {
      expect(secure.imap!.secure).toBe(true);
      const client = imapClient(secure, { user: ALICE, accessToken: await mailToken(secure, ALICE) });
      await client.connect();
      expect(client.secureConnection).toBe(true);
      await client.logout();
    } finally {
      await secure.close();
    }
  });
});
