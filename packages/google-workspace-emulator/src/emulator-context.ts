import { AccessTokenStore } from './auth/access-token.store';
import { ServiceAccountRegistry } from './auth/service-account.registry';
import { RequestStats } from './control/request-stats';
import { DomainState } from './domain/domain-state';
import type { TDomainFixture } from './domain/fixture.schema';
import { FaultKnobs } from './faults/fault-knobs';
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
};

export function createEmulatorContext(options: {
  fixture: TDomainFixture;
  latencyMs?: number;
  now?: () => number;
}): TEmulatorContext {
  const now = options.now ?? Date.now;
  const state = new DomainState(options.fixture, now);
  return {
    origin: { url: '' },
    now,
    state,
    serviceAccounts: new ServiceAccountRegistry(),
    tokens: new AccessTokenStore(now),
    faults: new FaultKnobs(
      (userKey, disabled) => state.setImapDisabled(userKey, disabled),
      options.latencyMs,
    ),
    stats: new RequestStats(),
    oidcClients: new OidcClientRegistry(),
    authorizations: new AuthorizationStore(now),
    signingKey: createSigningKey(),
  };
}
