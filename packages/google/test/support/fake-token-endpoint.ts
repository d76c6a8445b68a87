import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { TFetch } from '../../src/index';
import { testKeyPair } from './key-files';

export type TTokenCall = { url: string; grantType: string | null; assertion: string };

export type TTokenReply = { status: number; body: unknown } | Error;

/**
 * A token endpoint in a function: records each call and answers with the next scripted reply,
 * or with a fresh token when the script is empty. `release()` unblocks calls held with `hold()`.
 */
export function fakeTokenEndpoint() {
  const calls: TTokenCall[] = [];
  const replies: TTokenReply[] = [];
  let gate: Promise<void> | null = null;
  let open: () => void = () => {};
  const fetch: TFetch = async (input, init) => {
    const form = new URLSearchParams(String(init?.body));
    calls.push({
      url: String(input),
      grantType: form.get('grant_type'),
      assertion: form.get('assertion') ?? '',
    });
    const serial = calls.length;
    if (gate) await gate;
    const reply = replies.shift() ?? {
      status: 200,
      body: { access_token: `ya29.token-${serial}`, expires_in: 3599, token_type: 'Bearer' },
    };
    if (reply instanceof Error) throw reply;
    return new Response(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return {
    fetch,
    calls,
    reply: (...next: TTokenReply[]) => replies.push(...next),
    hold: () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = null;
      open();
    },
  };
}

export async function verifyAssertion(assertion: string, audience: string, currentDate: Date) {
  const { payload } = await jwtVerify(assertion, testKeyPair().publicKey, { audience, currentDate });
  return { header: decodeProtectedHeader(assertion), payload };
}
