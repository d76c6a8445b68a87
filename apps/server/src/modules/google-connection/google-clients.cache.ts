import {
  createDelegatedTokenProvider,
  createTokenBucketLimiter,
  DEFAULT_DIRECTORY_QUERIES_PER_MINUTE,
  type TDelegatedTokenProvider,
  type TFetch,
  type TRateLimiter,
  type TServiceAccountKey,
} from '@wac/google';

/**
 * One token provider per stored key (its cache and in-flight de-duplication only help if everyone
 * shares it) and one Directory rate limiter per admin user (Google's quota is per impersonated user).
 * A rotated key has a new row id, so the next caller builds a fresh provider and the old one is dropped.
 */
export function createGoogleClientsCache(deps: { fetch?: TFetch }) {
  let current: { cacheKey: string; provider: TDelegatedTokenProvider } | undefined;
  const limiters = new Map<string, TRateLimiter>();

  return {
    tokenProvider(cacheKey: string, loadKey: () => TServiceAccountKey): TDelegatedTokenProvider {
      if (current?.cacheKey === cacheKey) return current.provider;
      const provider = createDelegatedTokenProvider({
        key: loadKey(),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      current = { cacheKey, provider };
      return provider;
    },

    rateLimiter(adminUser: string): TRateLimiter {
      const userKey = adminUser.toLowerCase();
      let limiter = limiters.get(userKey);
      if (limiter === undefined) {
        limiter = createTokenBucketLimiter({ perMinute: DEFAULT_DIRECTORY_QUERIES_PER_MINUTE });
        // Admin users change rarely; keeping only the current one stops the map from growing.
        limiters.clear();
        limiters.set(userKey, limiter);
      }
      return limiter;
    },

    clear(): void {
      current = undefined;
    },
  };
}

export type TGoogleClientsCache = ReturnType<typeof createGoogleClientsCache>;
