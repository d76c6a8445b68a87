import { api } from './api';
import { authKeys, SESSION_PATH, type TSession } from './auth.types';
import { ApiError, NETWORK_ERROR, toApiError } from './client';
import { queryClient } from './query-client';

// The server's report (POST /api/archiving/verify, the last line of its NDJSON stream).
export type TArchiveVerifyReport = {
  messages: number;
  blobs: number;
  ok: number;
  missing: { count: number; addresses: string[] };
  corrupt: { count: number; blobs: { address: string; reason: string }[] };
  orphaned: { count: number; addresses: string[] };
  bytesChecked: number;
  durationMs: number;
  isHealthy: boolean;
};

export type TArchiveVerifyProgress = { checkedMessages: number; totalMessages: number };

type TLine =
  | ({ type: 'progress' } & TArchiveVerifyProgress)
  | { type: 'report'; report: TArchiveVerifyReport }
  | { type: 'error'; error: { code: string; message: string; requestId?: string } };

async function csrfToken(): Promise<string | undefined> {
  const cached = queryClient.getQueryData<TSession>(authKeys.session);
  if (cached) return cached.csrfToken;
  return (await api.get<TSession>(SESSION_PATH)).csrfToken;
}

/**
 * Verify archive: one streamed request. Progress lines arrive while the server reads every blob
 * back; the last line is the report. Reading the stream as it comes is what lets the console
 * show progress without a job to poll.
 */
export async function verifyArchive(
  onProgress: (progress: TArchiveVerifyProgress) => void,
): Promise<TArchiveVerifyReport> {
  const token = await csrfToken();
  let response: Response;
  try {
    response = await fetch('/api/archiving/verify', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/x-ndjson', ...(token ? { 'x-csrf-token': token } : {}) },
    });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: 'The server could not be reached.' });
  }
  if (!response.ok || response.body === null) {
    const text = await response.text();
    throw toApiError(response.status, text ? JSON.parse(text) : undefined);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as TLine;
      buffered = buffered.slice(newline + 1);
      if (line.type === 'progress') onProgress(line);
      else if (line.type === 'report') return line.report;
      else throw new ApiError({ status: 500, ...line.error });
      newline = buffered.indexOf('\n');
    }
    if (done) break;
  }
  throw new ApiError({
    status: 0,
    code: NETWORK_ERROR,
    message: 'The connection closed before the verification finished. Try again.',
  });
}
