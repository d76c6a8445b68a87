import { createP12Key, type TP12Key } from './auth/p12-key.factory';
import {
  createServiceAccountKey,
  type TServiceAccountKey,
  type TServiceAccountKeyOptions,
} from './auth/service-account-key.factory';
import type { RequestStats } from './control/request-stats';
import type { DomainState } from './domain/domain-state';
import type { TDomainSource } from './domain/fixture.schema';
import { loadSampleFixture } from './domain/fixture-loader';
import { buildEmulatorApp } from './emulator-app';
import { createEmulatorContext } from './emulator-context';
import type { TDirectoryLatencyInput } from './faults/fault.schema';
import type { FaultKnobs } from './faults/fault-knobs';
import type { TGmailMailboxes } from './imap/gmail-mailboxes';
import {
  startImapServer,
  type TImapAddress,
  type TImapServer,
  type TImapServerOptions,
} from './imap/imap.server';
import type { TOidcClient } from './oidc/oidc-client.registry';

export type TEmulatorOptions = {
  host?: string;
  port?: number;
  /** Defaults to the checked-in sample domain; generateDomainSource(...) streams a generated one. */
  fixture?: TDomainSource;
  latencyMs?: number;
  /** Google's time per Directory API request: `fixedMs` plus a random 0..`jitterMs` each. */
  directoryLatency?: TDirectoryLatencyInput;
  logger?: boolean;
  /** Clock in epoch milliseconds, for tests of expiry and skew. */
  now?: () => number;
  /**
   * Also serve Gmail's IMAP dialect: `true` for plain TCP on 127.0.0.1 and a random port, or options
   * (`tls: true` for implicit TLS with a self-signed certificate). Off by default.
   */
  imap?: boolean | TImapServerOptions;
};

export type TEmulatorImap = TImapAddress & Pick<TImapServer, 'connectionsOf' | 'disconnect'>;

export type TEmulator = {
  /** Origin only, e.g. http://127.0.0.1:41234: the Directory root URL and the OIDC issuer. */
  url: string;
  tokenUri: string;
  issuer: string;
  state: DomainState;
  faults: FaultKnobs;
  stats: RequestStats;
  /** Gmail accounts behind the IMAP endpoint: seeding, folder status, fault knobs, fetch log. */
  gmail: TGmailMailboxes;
  /** Where the IMAP endpoint listens; undefined unless started with the `imap` option. */
  imap: TEmulatorImap | undefined;
  close(): Promise<void>;
  createServiceAccountKey(options?: TServiceAccountKeyOptions): TServiceAccountKey;
  createP12Key(options?: TServiceAccountKeyOptions): TP12Key;
  grantDelegation(clientId: string, scopes: readonly string[]): void;
  revokeDelegation(clientId: string, scope?: string): void;
  deleteServiceAccountKey(keyId: string): boolean;
  registerOidcClient(client: TOidcClient): void;
};

export async function startEmulator(options: TEmulatorOptions = {}): Promise<TEmulator> {
  const ctx = createEmulatorContext({
    fixture: options.fixture ?? (await loadSampleFixture()),
    latencyMs: options.latencyMs,
    directoryLatency: options.directoryLatency,
    now: options.now,
  });
  const app = buildEmulatorApp(ctx, { logger: options.logger });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('The emulator is not on a TCP port');
  ctx.origin.url = `http://${originHost(host)}:${address.port}`;
  const url = ctx.origin.url;
  const imapServer = options.imap
    ? await startImap(ctx, options.imap === true ? {} : options.imap)
    : undefined;
  return {
    url,
    tokenUri: `${url}/token`,
    issuer: url,
    state: ctx.state,
    faults: ctx.faults,
    stats: ctx.stats,
    gmail: ctx.gmail,
    imap: imapServer && {
      ...imapServer.address,
      connectionsOf: imapServer.connectionsOf,
      disconnect: imapServer.disconnect,
    },
    close: async () => {
      await imapServer?.close();
      await app.close();
    },
    createServiceAccountKey: (keyOptions) => createServiceAccountKey(ctx.serviceAccounts, url, keyOptions),
    createP12Key: (keyOptions) => createP12Key(ctx.serviceAccounts, keyOptions),
    grantDelegation: (clientId, scopes) => ctx.serviceAccounts.grantDelegation(clientId, scopes),
    revokeDelegation: (clientId, scope) => ctx.serviceAccounts.revokeDelegation(clientId, scope),
    deleteServiceAccountKey: (keyId) => ctx.serviceAccounts.deleteKey(keyId),
    registerOidcClient: (client) => ctx.oidcClients.register(client),
  };
}

async function startImap(ctx: ReturnType<typeof createEmulatorContext>, options: TImapServerOptions) {
  const server = await startImapServer(
    {
      store: ctx.mail,
      state: ctx.state,
      tokens: ctx.tokens,
      faults: ctx.imapFaults,
      fetchLog: ctx.fetchLog,
      authMechanisms: options.authMechanisms ?? ['XOAUTH2', 'OAUTHBEARER'],
    },
    options,
  );
  ctx.imap.address = server.address;
  return server;
}

// A wildcard bind address is not something a client can connect to; loopback is.
function originHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
