// Sign in with Google, end to end over HTTP: completed sign-ins per second (start -> Google's
// chooser -> callback -> session) and the server's CPU time per sign-in, against a bare GET
// /healthz round trip measured in the same run. The emulator and the HTTP clients run in a child
// process, so process.cpuUsage() here is the server's (Postgres runs in its own process too and is
// not counted). Last line: one JSON object.
import { type ChildProcess, fork } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrismaClient, runMigrations, startEmbeddedPostgres } from '@wac/db';
import { buildApp, createPasswordHasher, parseEnv } from '@wac/server';
import {
  BENCH_USERS,
  benchUser,
  type TDriverCommand,
  type TDriverReady,
  type TDriverReply,
} from './signin-bench.protocol';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 600);
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 3000);
const CONCURRENCY = 8;
const WARM_UP = 40;
const CLIENT = { clientId: 'bench-client.apps.googleusercontent.com', clientSecret: 'bench-secret' };

function startDriver(): Promise<{ child: ChildProcess; issuer: string }> {
  const child = fork(fileURLToPath(new URL('./signin-bench.driver.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the driver exited early (${code})`)));
    child.once('message', (message: TDriverReady) => resolve({ child, issuer: message.issuer }));
  });
}

function request<T extends TDriverReply['type']>(
  child: ChildProcess,
  command: TDriverCommand,
  until: T,
  onMessage: (message: TDriverReply) => void = () => {},
): Promise<Extract<TDriverReply, { type: T }>> {
  return new Promise((resolve) => {
    const listener = (message: TDriverReply) => {
      onMessage(message);
      if (message.type !== until) return;
      child.off('message', listener);
      resolve(message as Extract<TDriverReply, { type: T }>);
    };
    child.on('message', listener);
    child.send(command);
  });
}

type TPhase = { seconds: number; cpuMs: number; count: number };

/** Runs a phase in the driver; CPU is sampled here between its start and end messages. */
async function measure(
  child: ChildProcess,
  command: Extract<TDriverCommand, { type: 'run' }>,
): Promise<TPhase> {
  let before = process.cpuUsage();
  const done = await request(child, command, 'phase-done', (message) => {
    if (message.type === 'phase-started') before = process.cpuUsage();
  });
  const used = process.cpuUsage(before);
  if (done.failures > 0) {
    throw new Error(
      `${done.failures} of ${command.count} ${command.kind} requests failed: ${done.firstFailure}`,
    );
  }
  return { seconds: done.seconds, cpuMs: (used.user + used.system) / 1000, count: command.count };
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wac-bench-signin-'));
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir, databaseName: 'wac_bench_signin' });
  const { child, issuer } = await startDriver();
  const prisma = createPrismaClient(postgres.databaseUrl);
  try {
    await runMigrations({ databaseUrl: postgres.databaseUrl });
    for (let index = 0; index < BENCH_USERS; index++) {
      const { email, googleUserId } = benchUser(index);
      await prisma.user.create({
        data: {
          userName: email,
          userNameKey: email,
          fullName: `Bench ${index}`,
          emails: [email],
          authMethod: 'DIRECTORY',
          googleUserId,
          privileges: ['login'],
          archiveFolder: { create: { name: `Archive of ${email}`, ownerUserName: email } },
        },
      });
    }

    const config = parseEnv({
      LOG_LEVEL: 'silent',
      DATABASE_URL: postgres.databaseUrl,
      SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
      GOOGLE_OIDC_ISSUER: issuer,
      ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: 'true',
      // Every simulated user connects from 127.0.0.1; the per-address limit would measure itself.
      OIDC_SIGNIN_RATE_LIMIT: '1000000',
    });
    const app = await buildApp({
      config,
      prisma,
      databaseUrl: postgres.databaseUrl,
      passwordHasher: createPasswordHasher(),
    });
    const serverUrl = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
    try {
      await app.services.oidc.settings.update(
        { ...CLIENT, publicBaseUrl: serverUrl },
        { userId: null, name: 'bench' },
        { ip: null, requestId: null },
      );
      await request(
        child,
        { type: 'register', ...CLIENT, redirectUri: `${serverUrl}/oidc/signin` },
        'registered',
      );

      const run = (phase: string, kind: 'sign-in' | 'healthz', count: number) =>
        measure(child, { type: 'run', phase, kind, count, concurrency: CONCURRENCY, serverUrl });
      await run('warm-up sign-ins', 'sign-in', WARM_UP);
      await run('warm-up round trips', 'healthz', WARM_UP * 5);
      const signIns = await run('sign-ins', 'sign-in', SIGN_INS);
      const roundTrips = await run('round trips', 'healthz', ROUND_TRIPS);

      const sessions = await prisma.session.count({ where: { kind: 'USER' } });
      if (sessions !== SIGN_INS + WARM_UP)
        throw new Error(`expected ${SIGN_INS + WARM_UP} sessions, found ${sessions}`);

      const figures = {
        bench: 'signin',
        signIns: SIGN_INS,
        concurrency: CONCURRENCY,
        signInsPerSecond: round(signIns.count / signIns.seconds, 1),
        serverCpuMsPerSignIn: round(signIns.cpuMs / signIns.count, 3),
        baselineRoundTripsPerSecond: round(roundTrips.count / roundTrips.seconds, 1),
        baselineServerCpuMsPerRoundTrip: round(roundTrips.cpuMs / roundTrips.count, 3),
        cpuPerSignInVsRoundTrip: round(
          signIns.cpuMs / signIns.count / (roundTrips.cpuMs / roundTrips.count),
          1,
        ),
        users: BENCH_USERS,
        node: process.version,
      };
      console.log(
        `Sign in with Google: ${SIGN_INS} sign-ins by ${BENCH_USERS} users, concurrency ${CONCURRENCY}`,
      );
      console.log(
        `  completed         ${figures.signInsPerSecond} sign-ins/s (${round(signIns.seconds, 2)} s)`,
      );
      console.log(`  server CPU        ${figures.serverCpuMsPerSignIn} ms per sign-in (start + callback)`);
      console.log('Baseline (same run, same server)');
      console.log(`  GET /healthz      ${figures.baselineRoundTripsPerSecond} round trips/s`);
      console.log(`  server CPU        ${figures.baselineServerCpuMsPerRoundTrip} ms per round trip`);
      console.log(`  a sign-in costs   ${figures.cpuPerSignInVsRoundTrip}x the server CPU of a round trip`);
      console.log(JSON.stringify(figures));
    } finally {
      await app.close();
    }
  } finally {
    child.removeAllListeners('exit');
    child.send({ type: 'stop' } satisfies TDriverCommand);
    await prisma.$disconnect();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
