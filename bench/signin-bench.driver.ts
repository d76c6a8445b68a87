// Child process of signin.bench.ts: Google (the emulator) and the browsers (an HTTP client that
// follows the whole sign-in), kept out of the server's process so its CPU time is the server's own.
import { performance } from 'node:perf_hooks';
import { startEmulator, type TDomainFixture } from '@wac/google-workspace-emulator';
import {
  BENCH_DOMAIN,
  BENCH_USERS,
  benchUser,
  type TDriverCommand,
  type TDriverReady,
  type TDriverReply,
} from './signin-bench.protocol';

function fixture(): TDomainFixture {
  return {
    customerId: 'C0signin1',
    domains: [BENCH_DOMAIN],
    users: Array.from({ length: BENCH_USERS }, (_, index) => ({
      id: benchUser(index).googleUserId,
      primaryEmail: benchUser(index).email,
      givenName: 'Bench',
      familyName: String(index),
    })),
    groups: [],
  };
}

function send(message: TDriverReply | TDriverReady): void {
  process.send?.(message);
}

/** One user's whole sign-in, as a browser does it: our server, Google's chooser, back to us. */
async function signIn(serverUrl: string, email: string): Promise<void> {
  const start = await fetch(`${serverUrl}/oidc/signin?login_hint=${encodeURIComponent(email)}`, {
    redirect: 'manual',
  });
  await start.arrayBuffer();
  const binding = start.headers.get('set-cookie')?.split(';')[0];
  const authorizeUrl = start.headers.get('location');
  if (start.status !== 302 || !binding || !authorizeUrl) throw new Error(`start answered ${start.status}`);

  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const pendingId = /name="request" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!pendingId) throw new Error(`the account chooser answered ${page.status}`);
  const chosen = await fetch(new URL('/o/oauth2/v2/auth/choose', authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: pendingId, email }),
  });
  await chosen.arrayBuffer();
  const callback = chosen.headers.get('location');
  if (chosen.status !== 302 || !callback) throw new Error(`the chooser answered ${chosen.status}`);

  const done = await fetch(callback, { redirect: 'manual', headers: { cookie: binding } });
  await done.arrayBuffer();
  const hasSession = (done.headers.getSetCookie?.() ?? []).some((cookie) =>
    cookie.startsWith('wac_session='),
  );
  if (done.status !== 303 || !hasSession) throw new Error(`the callback answered ${done.status}`);
}

async function healthz(serverUrl: string): Promise<void> {
  const response = await fetch(`${serverUrl}/healthz`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
}

async function run(command: Extract<TDriverCommand, { type: 'run' }>): Promise<void> {
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const task = command.kind === 'sign-in' ? signIn : healthz;
  const worker = async () => {
    for (let index = next++; index < command.count; index = next++) {
      try {
        await task(command.serverUrl, benchUser(index % BENCH_USERS).email);
      } catch (error) {
        failures += 1;
        firstFailure ??= (error as Error).message;
      }
    }
  };
  send({ type: 'phase-started', phase: command.phase });
  const started = performance.now();
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  send({ type: 'phase-done', phase: command.phase, seconds, failures, firstFailure });
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ fixture: fixture() });
  process.on('message', (command: TDriverCommand) => {
    if (command.type === 'register') {
      emulator.registerOidcClient({
        clientId: command.clientId,
        clientSecret: command.clientSecret,
        redirectUris: [command.redirectUri],
      });
      send({ type: 'registered' });
    } else if (command.type === 'run') {
      void run(command);
    } else {
      void emulator.close().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', issuer: emulator.issuer });
}

void main();
