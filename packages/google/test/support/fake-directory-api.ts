import type { TAccessToken, TFetch, TTokenProvider } from '../../src/index';

export type TApiRequest = { url: URL; authorization: string | null };
export type TApiReply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;
export type TApiHandler = (request: TApiRequest) => TApiReply;

/** The Directory API as a function: every request is recorded and answered by the handler. */
export function fakeDirectoryApi(handler: TApiHandler) {
  const requests: TApiRequest[] = [];
  const fetch: TFetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const authorization = new Headers(init?.headers).get('authorization');
    const request = { url, authorization };
    requests.push(request);
    const reply = handler(request);
    if (reply instanceof Error) throw reply;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json; charset=UTF-8', ...reply.headers },
    });
  };
  return { fetch, requests };
}

export function googleError(status: number, message: string, reason: string): TApiReply {
  return {
    status,
    body: { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } },
  };
}

export function fakeTokens(fail?: () => Error | undefined) {
  const calls: { subject: string; scopes: readonly string[] }[] = [];
  const tokens: TTokenProvider = {
    async getAccessToken(subject, scopes): Promise<TAccessToken> {
      calls.push({ subject, scopes });
      const error = fail?.();
      if (error) throw error;
      return {
        accessToken: `token-for-${scopes.join('+')}`,
        tokenType: 'Bearer',
        expiresAt: Date.now() + 3_600_000,
        subject,
        scopes: [...scopes],
      };
    },
  };
  return { tokens, calls };
}

export function apiUser(n: number, overrides: Record<string, unknown> = {}) {
  return {
    id: `10000000000000000${n}`,
    primaryEmail: `user${n}@acme.test`,
    name: { fullName: `User ${n}`, givenName: 'User', familyName: `${n}` },
    suspended: false,
    orgUnitPath: '/Staff',
    isAdmin: false,
    customerId: 'C01abc234',
    ...overrides,
  };
}
