import { ImapFlow } from 'imapflow';
import { SCOPES } from '../../src/auth/scopes';
import type { TEmulator } from '../../src/emulator';
import { accessTokenFor, delegatedKey } from './directory-client';

export type TImapLogin = { user: string; accessToken: string };

/** A delegated token for the user with the mail scope, as the archiver gets one. */
export async function mailToken(
  emulator: TEmulator,
  user: string,
  scopes: readonly string[] = [SCOPES.mail],
): Promise<string> {
  return accessTokenFor(emulator, delegatedKey(emulator), user, scopes);
}

export function imapClient(emulator: TEmulator, login: TImapLogin): ImapFlow {
  const imap = emulator.imap;
  if (!imap) throw new Error('start the emulator with { imap: true }');
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    tls: imap.certificate ? { ca: [imap.certificate] } : undefined,
    auth: { user: login.user, accessToken: login.accessToken },
    logger: false,
    // A failed test should not wait for imapflow's default 90 s timeouts.
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
  });
  // After a refused login imapflow emits 'error' on the instance; the test reads it from connect().
  client.on('error', () => {});
  return client;
}

/** Connects; on failure closes the client (a refused imapflow socket otherwise hangs) and rethrows. */
export async function connected(emulator: TEmulator, login: TImapLogin): Promise<ImapFlow> {
  const client = imapClient(emulator, login);
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}

export function rawMessage(options: {
  subject: string;
  from?: string;
  to?: string;
  body?: string;
  messageId?: string;
}) {
  return Buffer.from(
    [
      `From: ${options.from ?? 'Carol Sender <carol@partner.example>'}`,
      `To: ${options.to ?? 'alice@example.com'}`,
      `Subject: ${options.subject}`,
      `Message-ID: ${options.messageId ?? `<${options.subject.replace(/\W+/g, '.')}@partner.example>`}`,
      'Date: Tue, 02 Jan 2024 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      options.body ?? `Body of ${options.subject}`,
      '',
    ].join('\r\n'),
  );
}
