import { AccessTokenStore } from './auth/access-token.store';
import { ServiceAccountRegistry } from './auth/service-account.registry';
import { RequestStats } from './control/request-stats';
import { DomainState } from './domain/domain-state';
import type { TDomainSource } from './domain/fixture.schema';
import type { TDirectoryLatencyInput } from './faults/fault.schema';
import { FaultKnobs } from './faults/fault-knobs';
import { FetchLog } from './imap/fetch-log';
import { createGmailMailboxes, type TGmailMailboxes } from './imap/gmail-mailboxes';
import type { TImapAddress } from './imap/imap.server';
import { ImapFaultKnobs } from './imap/imap-faults';
import { MailStore } from './imap/mailbox.store';
import { AuthorizationStore } from './oidc/authorization.store';
import { OidcClientRegistry } from './oidc/oidc-client.registry';
import { createSigningKey, type TSigningKey } from './oidc/signing-key';

export type TEmulatorContext = {
  /** Known only once the server listens on its random port; issuer and token URI derive from it. */
  origin: { url: string };
  now: () => number;
  state: DomainState;
  serviceAccounts: ServiceAccountRegistry;
  tokens: AccessTokenStore;
  faults: FaultKnobs;
  stats: RequestStats;
  oidcClients: OidcClientRegistry;
  authorizations: AuthorizationStore;
  signingKey: TSigningKey;
  mail: MailStore;
  imapFaults: ImapFaultKnobs;
  fetchLog: FetchLog;
  gmail: TGmailMailboxes;
  /** Set once the IMAP endpoint listens (only when started with the `imap` option). */
  imap: { address?: TImapAddress };
};

export function createEmulatorContext(options: {
  fixture: TDomainSource;
  latencyMs?: number;
  directoryLatency?: TDirectoryLatencyInput;
  now?: () => number;
}): TEmulatorContext {
  const now = options.now ?? Date.now;
  const state = new DomainState(options.fixture, now);
  const mail = new MailStore();
  const imapFaults = new ImapFaultKnobs();
  const fetchLog = new FetchLog();
  return {
    origin: { url: '' },
    now,
    state,
    serviceAccounts: new ServiceAccountRegistry(),
    tokens: new AccessTokenStore(now),
    faults: new FaultKnobs(
      (userKey, disabled) => state.setImapDisabled(userKey, disabled),
      options.latencyMs,
      options.directoryLatency,
    ),
    stats: new RequestStats(),
    oidcClients: new OidcClientRegistry(),
    authorizations: new AuthorizationStore(now),
    signingKey: createSigningKey(),
    mail,
    imapFaults,
    fetchLog,
    gmail: createGmailMailboxes({ store: mail, state, faults: imapFaults, fetchLog, now }),
    imap: {},
  };
}
