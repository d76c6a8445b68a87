import { createDelegatedTokenProvider, GOOGLE_SCOPES, parseServiceAccountKey } from '@wac/google';
import { CONNECTOR_SCOPES, startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { ImapFlow } from 'imapflow';
import { startDovecot, type TDovecotOptions, type TDovecotServer } from './dovecot.server';

export type TMailTestEnv = {
  emulator: TEmulator;
  dovecot: TDovecotServer;
  /** Delegated mail-scope tokens minted by the emulator, as production gets them from Google. */
  getAccessToken(user: string): Promise<string>;
  /** A logged-in imapflow client for seeding and inspecting a mailbox as its owner. */
  openClient(user: string): Promise<ImapFlow>;
  close(): Promise<void>;
};

export async function startMailTestEnv(
  options: Omit<TDovecotOptions, 'tokenInfoOrigin'> & { delegatedScopes?: string[] } = {},
): Promise<TMailTestEnv> {
  // The emulator also serves Gmail's IMAP dialect (X-GM-EXT-1, \\All, labels) on its own port.
  const emulator = await startEmulator({ imap: true });
  let dovecot: TDovecotServer;
  try {
    dovecot = await startDovecot({ ...options, tokenInfoOrigin: emulator.url });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const key = emulator.createServiceAccountKey({
    delegatedScopes: options.delegatedScopes ?? [...CONNECTOR_SCOPES],
  });
  const tokens = createDelegatedTokenProvider({ key: parseServiceAccountKey(key.json) });
  const getAccessToken = async (user: string) =>
    (await tokens.getAccessToken(user, [GOOGLE_SCOPES.mail])).accessToken;
  return {
    emulator,
    dovecot,
    getAccessToken,
    openClient: async (user) => {
      const client = new ImapFlow({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        auth: { user, accessToken: await getAccessToken(user) },
        logger: false,
      });
      await client.connect();
      return client;
    },
    close: async () => {
      await dovecot.stop();
      await emulator.close();
    },
  };
}

/** A small but realistic RFC 5322 message; `body` makes each one distinct. */
export function makeMessage(opts: {
  subject: string;
  body?: string;
  messageId?: string;
  from?: string;
}): Buffer {
  const messageId =
    opts.messageId ??
    `<${opts.subject.replace(/\W+/g, '.')}.${Math.random().toString(36).slice(2)}@example.com>`;
  return Buffer.from(
    [
      `From: ${opts.from ?? 'Carol <carol@example.net>'}`,
      'To: alice@example.com',
      `Subject: ${opts.subject}`,
      `Message-ID: ${messageId}`,
      'Date: Sat, 05 Dec 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      opts.body ?? `Body of ${opts.subject}.`,
      '',
    ].join('\r\n'),
  );
}

/** APPENDs messages as the mailbox owner, so Dovecot assigns UIDs as it would for delivered mail. */
export async function seedMessages(env: TMailTestEnv, user: string, folder: string, messages: Buffer[]) {
  const client = await env.openClient(user);
  try {
    if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
    const uids: number[] = [];
    for (const raw of messages) {
      const appended = await client.append(folder, raw, ['\\Seen']);
      if (appended && typeof appended.uid === 'number') uids.push(appended.uid);
    }
    return uids;
  } finally {
    await client.logout();
  }
}
