import net, { type Server, type Socket } from 'node:net';
import tls from 'node:tls';
import type { TAuthMechanism } from './capabilities';
import { IMAP_COMMANDS } from './imap-commands';
import { ImapSession, type TImapDeps } from './imap-session';
import { createSelfSignedCertificate } from './self-signed-cert';

export type TImapServerOptions = {
  host?: string;
  port?: number;
  /** Implicit TLS (as imap.gmail.com:993) with a generated self-signed certificate. */
  tls?: boolean;
  /**
   * Mechanisms advertised, Gmail's two by default. imapflow picks OAUTHBEARER when offered, so
   * `['XOAUTH2']` is how a test makes it speak XOAUTH2.
   */
  authMechanisms?: TAuthMechanism[];
};

export type TImapAddress = {
  host: string;
  port: number;
  secure: boolean;
  /** PEM of the self-signed certificate when `secure`: pass it as the client's CA. */
  certificate?: string;
};

export type TImapServer = {
  address: TImapAddress;
  /** Open authenticated connections of a user. */
  connectionsOf(user: string): number;
  /** Cuts every open connection of a user (or all), as a Gmail restart would. */
  disconnect(user?: string): void;
  close(): Promise<void>;
};

export async function startImapServer(
  deps: Omit<TImapDeps, 'sessionsOf' | 'onAuthenticated'>,
  options: TImapServerOptions = {},
): Promise<TImapServer> {
  const sockets = new Set<Socket>();
  const sessionsByUser = new Map<string, Set<ImapSession>>();
  const sessionDeps: TImapDeps = {
    ...deps,
    sessionsOf: (user) => sessionsByUser.get(user.toLowerCase())?.size ?? 0,
    onAuthenticated: (session) => {
      const user = session.user!;
      const sessions = sessionsByUser.get(user) ?? new Set();
      sessions.add(session);
      sessionsByUser.set(user, sessions);
      session.socket.once('close', () => sessions.delete(session));
    },
  };

  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A client that vanishes mid-reply is that client's problem, never the emulator's.
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    const session = new ImapSession(socket, sessionDeps, IMAP_COMMANDS);
    session.run().catch(() => socket.destroy());
  };
  const credentials = options.tls ? createSelfSignedCertificate() : undefined;
  const server: Server = credentials
    ? tls.createServer({ key: credentials.key, cert: credentials.cert }, onConnection)
    : net.createServer(onConnection);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('The IMAP endpoint is not on a TCP port');
  return {
    address: {
      host: host === '0.0.0.0' ? '127.0.0.1' : host,
      port: bound.port,
      secure: credentials !== undefined,
      certificate: credentials?.cert,
    },
    connectionsOf: sessionDeps.sessionsOf,
    disconnect(user) {
      const targets = user
        ? [...(sessionsByUser.get(user.toLowerCase()) ?? [])].map((s) => s.socket)
        : [...sockets];
      for (const socket of targets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
