import type { TTokenProvider } from '../auth/delegated-token.provider';
import { GoogleAuthError } from '../auth/google-auth.error';
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
  /** Acquired for every attempt, retries included, after the client's own limiter. */
  limiter?: TRateLimiter | undefined;
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

type TAttempt<T> = { isDone: true; value: T } | { isDone: false; failure: TFailure | GoogleAuthError };

export function createDirectoryRequestExecutor(
  opts: TDirectoryRequestExecutorOptions,
): TDirectoryRequestExecutor {
  const maxAttempts = Math.max(1, opts.retry.maxAttempts);

  async function attemptOnce<T>(request: TDirectoryRequest): Promise<TAttempt<T>> {
    await opts.limiter.acquire();
    await request.limiter?.acquire();
    let authorization: string;
    try {
      const token = await opts.tokens.getAccessToken(opts.adminUser, [request.scope]);
      authorization = `${token.tokenType} ${token.accessToken}`;
    } catch (error) {
      // Delegation and unknown-user errors are the admin's to fix; only a flaky token endpoint is retried.
      if (error instanceof GoogleAuthError && isTransient(error)) return { isDone: false, failure: error };
      throw error;
    }
    try {
      const response = await request.send({ Authorization: authorization });
      if (response.status >= 200 && response.status < 300) return { isDone: true, value: response.data as T };
      return { isDone: false, failure: classifyApiFailure(response, request.operation, opts.adminUser) };
    } catch (error) {
      return { isDone: false, failure: networkFailure(error, request.operation) };
    }
  }

  return async <T>(request: TDirectoryRequest): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await attemptOnce<T>(request);
      if (outcome.isDone) return outcome.value;
      const { failure } = outcome;
      if (failure instanceof GoogleAuthError) {
        if (attempt >= maxAttempts) throw failure;
        await opts.sleep(retryDelayMs(attempt, null, opts.retry, opts.random));
        continue;
      }
      if (!failure.isRetryable) throw failure.error;
      if (attempt >= maxAttempts) throw gaveUp(failure.error, attempt);
      const retryAfterMs = parseRetryAfterMs(failure.retryAfterHeader, opts.now());
      await opts.sleep(retryDelayMs(attempt, retryAfterMs, opts.retry, opts.random));
    }
  };
}

function isTransient(error: GoogleAuthError): boolean {
  if (error.code === 'TOKEN_ENDPOINT_UNREACHABLE') return true;
  const status = error.details.httpStatus;
  return error.code === 'TOKEN_ENDPOINT_ERROR' && status !== undefined && (status === 429 || status >= 500);
}

function gaveUp(last: DirectoryError, attempts: number): DirectoryError {
  return new DirectoryError(
    last.code,
    `${last.message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
    { ...last.details, attempts },
  );
}
