import type { TTokenProvider } from '../auth/delegated-token.provider';
import { DirectoryError } from './directory.error';
import {
  classifyApiFailure,
  networkFailure,
  type TApiResponse,
  type TFailure,
} from './google-api-error.classifier';
import { parseRetryAfterMs, retryDelayMs, type TRetryOptions } from './retry-policy';
import type { TRateLimiter } from './token-bucket.limiter';

export type TAuthHeaders = { Authorization: string };

export type TDirectoryRequest = {
  scope: string;
  /** Reads as "while <operation>" in error messages, e.g. "listing users (page 3)". */
  operation: string;
  send: (headers: TAuthHeaders) => Promise<TApiResponse>;
};

export type TDirectoryRequestExecutorOptions = {
  tokens: TTokenProvider;
  adminUser: string;
  limiter: TRateLimiter;
  retry: TRetryOptions;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
};

export type TDirectoryRequestExecutor = <T>(request: TDirectoryRequest) => Promise<T>;

export function createDirectoryRequestExecutor(
  opts: TDirectoryRequestExecutorOptions,
): TDirectoryRequestExecutor {
  const maxAttempts = Math.max(1, opts.retry.maxAttempts);

  return async <T>(request: TDirectoryRequest): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      await opts.limiter.acquire();
      // Token errors (delegation, unknown admin) are the admin's to fix, so they pass through unretried.
      const token = await opts.tokens.getAccessToken(opts.adminUser, [request.scope]);
      let failure: TFailure;
      try {
        const response = await request.send({ Authorization: `${token.tokenType} ${token.accessToken}` });
        if (response.status >= 200 && response.status < 300) return response.data as T;
        failure = classifyApiFailure(response, request.operation, opts.adminUser);
      } catch (error) {
        failure = networkFailure(error, request.operation);
      }
      if (!failure.isRetryable) throw failure.error;
      if (attempt >= maxAttempts) throw gaveUp(failure.error, attempt);
      const retryAfterMs = parseRetryAfterMs(failure.retryAfterHeader, opts.now());
      await opts.sleep(retryDelayMs(attempt, retryAfterMs, opts.retry, opts.random));
    }
  };
}

function gaveUp(last: DirectoryError, attempts: number): DirectoryError {
  return new DirectoryError(
    last.code,
    `${last.message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
    { ...last.details, attempts },
    { cause: last.cause },
  );
}
