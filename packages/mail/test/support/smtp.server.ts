import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GOOGLE_SCOPES } from '@wac/google';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';

export type TSmtpStage = 'auth' | 'mail' | 'rcpt' | 'data';

/** One scripted answer, used once: Gmail's reply at a stage, or a connection cut after DATA. */
export type TScriptedReply =
  | { stage: TSmtpStage; code: number; text: string }
  | { stage: 'data'; drop: 'after-data' };

export type TReceivedMessage = {
  /** The authenticated user (the XOAUTH2 user, checked against the token's email). */
  user: string;
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
};

export type TTestSmtpServer = {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  received: TReceivedMessage[];
  /** Answers to give, in order, at their stage (each used once). */
  script: TScriptedReply[];
  /** Recipients to refuse at RCPT TO with this reply, e.g. "550 5.1.1 The email account ... does not exist". */
  refuseRecipients: Map<string, { code: number; text: string }>;
  /** Successful XOAUTH2 logins, by user. */
  logins: string[];
  close(): Promise<void>;
};

export type TTestSmtpServerOptions = {
  /** The emulator's origin: XOAUTH2 tokens are checked at its /tokeninfo, as Gmail checks Google's. */
  tokenInfoOrigin: string;
  security?: 'tls' | 'starttls' | 'none';
  /** Also write each message as an .eml file here (the bytes as received). */
  outDir?: string;
};

// Gmail's words for a token it refuses (usually one without the mail scope).
export const GMAIL_BAD_CREDENTIALS =
  '5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials';

type TTokenInfo = { email?: string; scope?: string };

function smtpError(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * A real SMTP server (smtp-server, nodemailer's own) on loopback that stands in for smtp.gmail.com:
 * XOAUTH2 only, tokens checked against the emulator's /tokeninfo (the user must be the token's email
 * and the scope must include https://mail.google.com/), every message kept byte for byte, and
 * replies scriptable to reproduce Gmail's refusals.
 */
export async function startTestSmtpServer(options: TTestSmtpServerOptions): Promise<TTestSmtpServer> {
  const security = options.security ?? 'none';
  const state = {
    received: [] as TReceivedMessage[],
    script: [] as TScriptedReply[],
    refuseRecipients: new Map<string, { code: number; text: string }>(),
    logins: [] as string[],
  };
  let messageCount = 0;

  const takeScripted = (stage: TSmtpStage): TScriptedReply | undefined => {
    const index = state.script.findIndex((entry) => entry.stage === stage);
    return index === -1 ? undefined : state.script.splice(index, 1)[0];
  };
  const scriptedError = (stage: TSmtpStage): Error | undefined => {
    const entry = takeScripted(stage);
    return entry && 'code' in entry ? smtpError(entry.code, entry.text) : undefined;
  };

  const server: SMTPServer = new SMTPServer({
    secure: security === 'tls',
    hideSTARTTLS: security === 'none',
    // Plain text only on loopback for the 'none' mode; the token is checked all the same.
    allowInsecureAuth: true,
    authMethods: ['XOAUTH2'],
    logger: false,
    disableReverseLookup: true,
    size: 35 * 1024 * 1024,
    onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
      const scripted = scriptedError('auth');
      if (scripted) return callback(scripted);
      const username = auth.username ?? '';
      if (auth.method !== 'XOAUTH2' || !auth.accessToken || username === '')
        return callback(smtpError(535, GMAIL_BAD_CREDENTIALS));
      const url = `${options.tokenInfoOrigin}/tokeninfo?access_token=${encodeURIComponent(auth.accessToken)}`;
      fetch(url)
        .then(async (response) => (response.ok ? ((await response.json()) as TTokenInfo) : null))
        .then((info) => {
          const scopes = info?.scope?.split(' ') ?? [];
          const isSameUser = info?.email?.toLowerCase() === username.toLowerCase();
          if (!info || !isSameUser || !scopes.includes(GOOGLE_SCOPES.mail)) {
            return callback(smtpError(535, GMAIL_BAD_CREDENTIALS));
          }
          state.logins.push(username);
          return callback(null, { user: username });
        })
        .catch((error: unknown) => callback(error as Error));
    },
    onMailFrom(_address, _session, callback) {
      callback(scriptedError('mail'));
    },
    onRcptTo(address, _session, callback) {
      const refusal = state.refuseRecipients.get(address.address.toLowerCase());
      if (refusal) return callback(smtpError(refusal.code, refusal.text));
      return callback(scriptedError('rcpt'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const scripted = takeScripted('data');
        const message: TReceivedMessage = {
          user: String(session.user ?? ''),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
        };
        if (scripted && 'code' in scripted) return callback(smtpError(scripted.code, scripted.text));
        // Kept before any reply: with a cut after DATA the server has the message and the client
        // cannot know, which is exactly the uncertain outcome to reproduce.
        state.received.push(message);
        messageCount += 1;
        const saved = options.outDir
          ? mkdir(options.outDir, { recursive: true }).then(() =>
              writeFile(path.join(options.outDir as string, `${messageCount}.eml`), message.raw),
            )
          : Promise.resolve();
        void saved.then(() => {
          if (scripted && 'drop' in scripted) return dropConnectionOf(server, session);
          return callback(null, `2.0.0 OK ${messageCount} - gsmtp`);
        });
      });
    },
  });
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The SMTP server is not on a TCP port');
  return Object.assign(state, {
    host: '127.0.0.1',
    port: address.port,
    security,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

// smtp-server gives onData no socket; its connection set is the only way to cut one mid-transaction.
function dropConnectionOf(server: SMTPServer, session: SMTPServerSession): void {
  const connections = (
    server as unknown as { connections: Set<{ session: unknown; _socket: { destroy(): void } }> }
  ).connections;
  for (const connection of connections) if (connection.session === session) connection._socket.destroy();
}
