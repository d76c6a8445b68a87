import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { TClock } from '../../lib/clock';
import { deny } from './oidc-denial';

export type TOidcClientProviderOptions = {
  issuer: string;
  /**
   * Set from ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING. openid-client refuses http endpoints unless told
   * otherwise; only the local emulator and tests have an http issuer, so production never opts in.
   */
  allowInsecureRequests: boolean;
  clock: TClock;
  /** Outbound HTTP for discovery, token and JWKS requests (e.g. through a proxy); default fetch. */
  fetch?: client.CustomFetch;
  cacheTtlMs?: number;
};

export type TOidcClientCredentials = { clientId: string; clientSecret: string };

// Discovery and the JWKS are cached with the Configuration, so a sign-in costs one token request.
const DEFAULT_CACHE_TTL_MS = 60 * 60_000;

/** openid-client Configurations per client, discovered once and kept for an hour. */
export function createOidcClientProvider(options: TOidcClientProviderOptions) {
  const ttlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const isHttpIssuer = new URL(options.issuer).protocol === 'http:';
  const cache = new Map<string, { configuration: Promise<client.Configuration>; expiresAt: number }>();

  const discover = async (credentials: TOidcClientCredentials): Promise<client.Configuration> => {
    const execute: Array<(configuration: client.Configuration) => void> = [
      // Without it openid-client trusts an id_token from the token endpoint on TLS alone; we
      // verify its signature against the issuer's JWKS as well.
      client.enableNonRepudiationChecks,
    ];
    if (isHttpIssuer) execute.push(client.allowInsecureRequests);
    return client.discovery(
      new URL(options.issuer),
      credentials.clientId,
      undefined,
      client.ClientSecretPost(credentials.clientSecret),
      // A custom fetch given here is kept by the Configuration for all later requests.
      {
        execute,
        timeout: 15,
        ...(options.fetch === undefined ? {} : { [client.customFetch]: options.fetch }),
      },
    );
  };

  return {
    issuer: options.issuer,

    async get(credentials: TOidcClientCredentials): Promise<client.Configuration> {
      if (isHttpIssuer && !options.allowInsecureRequests) deny('INSECURE_ISSUER');
      const key = createHash('sha256')
        .update(`${credentials.clientId}\n${credentials.clientSecret}`)
        .digest('base64url');
      const now = options.clock.now().getTime();
      const cached = cache.get(key);
      if (cached !== undefined && cached.expiresAt > now) return cached.configuration;

      // Settings change rarely; an old client's entry is dropped rather than kept beside the new one.
      cache.clear();
      const configuration = discover(credentials);
      cache.set(key, { configuration, expiresAt: now + ttlMs });
      try {
        return await configuration;
      } catch (error) {
        cache.delete(key);
        deny('ISSUER_UNAVAILABLE', {}, error);
      }
    },
  };
}

export type TOidcClientProvider = ReturnType<typeof createOidcClientProvider>;
