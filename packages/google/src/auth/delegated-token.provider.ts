import type { TServiceAccountKey } from '../keys/service-account-key.types';
import { createAssertionSigner } from './jwt-assertion.signer';
import { requestDelegatedToken, type TFetch } from './token-endpoint.client';
import type { TTokenRequestContext } from './token-error.mapper';

export type TAccessToken = {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds, measured from when the request was sent. */
  expiresAt: number;
  subject: string;
  scopes: string[];
};

export type TGetTokenOptions = {
  /**
   * Ask the token endpoint even when a cached token is still good. A cached token outlives a
   * suspension or deletion in Google by up to an hour; a fresh request is refused at once, with
   * Google's reason, instead of failing later at an IMAP or SMTP login with a vaguer one.
   */
  isFresh?: boolean;
};

export type TTokenProvider = {
  getAccessToken(
    subject: string,
    scopes: readonly string[],
    options?: TGetTokenOptions,
  ): Promise<TAccessToken>;
};

export type TTokenProviderStats = {
  cacheHits: number;
  /** Callers that waited for a request another caller had already started. */
  sharedRequests: number;
  tokensMinted: number;
  failures: number;
  cachedTokens: number;
};

export type TDelegatedTokenProviderOptions = {
  key: TServiceAccountKey;
  fetch?: TFetch;
  now?: () => number;
  /** iat is backdated by this much so a server clock slightly ahead of Google's is not rejected. */
  clockSkewSeconds?: number;
  /** Tokens are refreshed this long before they expire, so a long IMAP session never starts on a dying one. */
  refreshBeforeExpirySeconds?: number;
  timeoutMs?: number;
  maxCachedTokens?: number;
};

export type TDelegatedTokenProvider = TTokenProvider & { readonly stats: TTokenProviderStats };

export function createDelegatedTokenProvider(opts: TDelegatedTokenProviderOptions): TDelegatedTokenProvider {
  const { key } = opts;
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? Date.now;
  const clockSkewSeconds = opts.clockSkewSeconds ?? 60;
  const refreshMarginMs = (opts.refreshBeforeExpirySeconds ?? 300) * 1000;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const maxCachedTokens = opts.maxCachedTokens ?? 10_000;
  const sign = createAssertionSigner(key);
  const cache = new Map<string, { token: TAccessToken; refreshAt: number }>();
  const inFlight = new Map<string, Promise<TAccessToken>>();
  const counters = { cacheHits: 0, sharedRequests: 0, tokensMinted: 0, failures: 0 };

  async function mint(subject: string, scopes: string[], cacheKey: string): Promise<TAccessToken> {
    const context: TTokenRequestContext = {
      clientId: key.clientId,
      clientEmail: key.clientEmail,
      subject,
      scopes,
      tokenUri: key.tokenUri,
    };
    const sentAt = now();
    const assertion = await sign({ subject, scopes, issuedAt: Math.floor(sentAt / 1000) - clockSkewSeconds });
    const response = await requestDelegatedToken(fetchImpl, context, assertion, timeoutMs);
    const lifetimeMs = response.expiresInSeconds * 1000;
    const token: TAccessToken = {
      accessToken: response.accessToken,
      tokenType: response.tokenType,
      expiresAt: sentAt + lifetimeMs,
      subject,
      scopes,
    };
    // A token shorter-lived than the margin would otherwise never be reused.
    remember(cacheKey, token, token.expiresAt - Math.min(refreshMarginMs, lifetimeMs / 2));
    counters.tokensMinted += 1;
    return token;
  }

  function remember(cacheKey: string, token: TAccessToken, refreshAt: number): void {
    cache.delete(cacheKey);
    if (cache.size >= maxCachedTokens) evict();
    cache.set(cacheKey, { token, refreshAt });
  }

  function evict(): void {
    const at = now();
    for (const [cacheKey, entry] of cache) if (entry.refreshAt <= at) cache.delete(cacheKey);
    // Map iteration is insertion order, so the first entry is the least recently minted.
    const oldest = cache.keys().next();
    if (cache.size >= maxCachedTokens && !oldest.done) cache.delete(oldest.value);
  }

  return {
    getAccessToken(subject, requestedScopes, options) {
      const scopes = normalizeScopes(requestedScopes);
      if (subject.trim() === '') {
        return Promise.reject(new Error('A delegated token needs the email of the user to act as.'));
      }
      if (scopes.length === 0)
        return Promise.reject(new Error('A delegated token needs at least one scope.'));
      const cacheKey = `${subject.trim().toLowerCase()} ${[...scopes].sort().join(' ')}`;
      const cached = options?.isFresh ? undefined : cache.get(cacheKey);
      if (cached && cached.refreshAt > now()) {
        counters.cacheHits += 1;
        return Promise.resolve(cached.token);
      }
      const pending = inFlight.get(cacheKey);
      if (pending) {
        counters.sharedRequests += 1;
        return pending;
      }
      const request = mint(subject.trim(), scopes, cacheKey)
        .catch((error: unknown) => {
          counters.failures += 1;
          throw error;
        })
        .finally(() => inFlight.delete(cacheKey));
      inFlight.set(cacheKey, request);
      return request;
    },
    get stats() {
      return { ...counters, cachedTokens: cache.size };
    },
  };
}

// The caller's order is kept for the assertion and for messages; only the cache key is order-free.
function normalizeScopes(scopes: readonly string[]): string[] {
  return [...new Set(scopes.map((scope) => scope.trim()).filter((scope) => scope !== ''))];
}
