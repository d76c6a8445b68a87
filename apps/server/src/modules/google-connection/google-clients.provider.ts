import {
  createDelegatedTokenProvider,
  createDirectoryClient,
  createTokenBucketLimiter,
  DEFAULT_DIRECTORY_QUERIES_PER_MINUTE,
  type TDelegatedTokenProvider,
  type TDirectoryClient,
  type TDirectoryClientOptions,
  type TFetch,
  type TRateLimiter,
  type TServiceAccountKey,
  type TTokenProvider,
} from '@wac/google';

export type TGoogleClientsProviderDeps = {
  /** Admin SDK origin (GOOGLE_ADMIN_ROOT_URL). */
  adminRootUrl: string;
  fetch?: TFetch;
};

export type TDirectoryClientOverrides = Partial<
  Omit<TDirectoryClientOptions, 'tokens' | 'adminUser' | 'rootUrl' | 'rateLimiter'>
>;

/**
 * The one place Google clients are built, so every caller talks to the same origin through the
 * same fetch. One token provider per stored key (its cache and in-flight de-duplication only help
 * if everyone shares it) and one Directory rate limiter per admin user (Google's quota is per
 * impersonated user). A rotated key has a new row id, so the next caller builds a fresh provider.
 */
export function createGoogleClientsProvider(deps: TGoogleClientsProviderDeps) {
  let current: { cacheKey: string; provider: TDelegatedTokenProvider } | undefined;
  const limiters = new Map<string, TRateLimiter>();
  const fetchOption = deps.fetch ? { fetch: deps.fetch } : {};

  function rateLimiter(adminUser: string): TRateLimiter {
    const userKey = adminUser.toLowerCase();
    let limiter = limiters.get(userKey);
    if (limiter === undefined) {
      limiter = createTokenBucketLimiter({ perMinute: DEFAULT_DIRECTORY_QUERIES_PER_MINUTE });
      // Admin users change rarely; keeping only the current one stops the map from growing.
      limiters.clear();
      limiters.set(userKey, limiter);
    }
    return limiter;
  }

  return {
    adminRootUrl: deps.adminRootUrl,

    /** The fetch Google is reached through (a caller may wrap it, e.g. to count retries). */
    fetch: ((input, init) => (deps.fetch ?? globalThis.fetch)(input, init)) satisfies TFetch,

    /**
     * A token provider with a cache of its own, for one check: a shared, cached token would hide a
     * delegation revoked a minute ago, and a key still on trial must not replace the shared one.
     */
    freshTokenProvider(key: TServiceAccountKey, now?: () => number): TDelegatedTokenProvider {
      return createDelegatedTokenProvider({ key, ...(now ? { now } : {}), ...fetchOption });
    },

    /** The token provider of the stored key, shared by every caller until the key changes. */
    sharedTokenProvider(cacheKey: string, loadKey: () => TServiceAccountKey): TDelegatedTokenProvider {
      if (current?.cacheKey === cacheKey) return current.provider;
      const provider = createDelegatedTokenProvider({ key: loadKey(), ...fetchOption });
      current = { cacheKey, provider };
      return provider;
    },

    /** A Directory client acting as adminUser, sharing that user's rate limit with every other caller. */
    directoryClient(
      tokens: TTokenProvider,
      adminUser: string,
      overrides: TDirectoryClientOverrides = {},
    ): TDirectoryClient {
      return createDirectoryClient({
        ...fetchOption,
        ...overrides,
        tokens,
        adminUser,
        rootUrl: deps.adminRootUrl,
        rateLimiter: rateLimiter(adminUser),
      });
    },

    /** Forgets the shared token provider (a key was stored or rotated). */
    clear(): void {
      current = undefined;
    },
  };
}

export type TGoogleClientsProvider = ReturnType<typeof createGoogleClientsProvider>;
