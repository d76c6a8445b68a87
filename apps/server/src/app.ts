import { randomUUID } from 'node:crypto';
import type https from 'node:https';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import { getMigrationStatus } from '@wac/db';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { TConfig } from './config/env';
import { RequestLogController } from './http/request-log.controller';
import { validatorCompiler } from './http/well-formed-input';
import { systemClock, type TClock } from './lib/clock';
import type { TPrisma } from './lib/db';
import { archiveFoldersRoutes } from './modules/archive-folders/archive-folders.routes';
import { createArchiveFoldersService } from './modules/archive-folders/archive-folders.service';
import {
  accessLogRoutes,
  archiveReadRoutes,
  createArchiveReadModule,
  type TArchiveReadOverrides,
} from './modules/archive-read';
import { archiveVerifyRoutes, createArchiveVerifyService } from './modules/archive-verify';
import { archivingRoutes, createArchivingModule, type TArchivingOverrides } from './modules/archiving';
import { createAuditService } from './modules/audit/audit.service';
import { requireAdmin } from './modules/auth/auth.guards';
import { authPlugin } from './modules/auth/auth.plugin';
import { authRoutes } from './modules/auth/auth.routes';
import { createAuthService } from './modules/auth/auth.service';
import { createPasswordHasher, type TPasswordHasher } from './modules/auth/password-hasher';
import { createSessionService, type TSessionPolicy } from './modules/auth/session.service';
import type { TSignInThrottlePolicies } from './modules/auth/sign-in-throttle.policy';
import { createSignInThrottleService } from './modules/auth/sign-in-throttle.service';
import {
  createDirectorySyncService,
  directorySyncRoutes,
  type TDirectorySyncServiceDeps,
} from './modules/directory-sync';
import { createGoogleConnectionService, googleConnectionRoutes } from './modules/google-connection';
import { healthRoutes } from './modules/health/health.routes';
import { createHealthService } from './modules/health/health.service';
import { meRoutes } from './modules/me/me.routes';
import { createMeService } from './modules/me/me.service';
import { httpMetricsPlugin } from './modules/metrics/http-metrics.plugin';
import type { TMetrics } from './modules/metrics/metrics.registry';
import { metricsRoutes } from './modules/metrics/metrics.routes';
import { countingTokenErrors } from './modules/metrics/token-error.counter';
import { createOidcServices, oidcRoutes } from './modules/oidc';
import { createSecretBox, loadMasterKey, type TSecretBox } from './modules/secrets';
import {
  createSendingModule,
  messagesApiRoutes,
  sendingAdminRoutes,
  type TSendingOverrides,
} from './modules/sending';
import { createSystemModule } from './modules/system/system.module';
import { systemRoutes } from './modules/system/system.routes';
import { usersRoutes } from './modules/users/users.routes';
import { createUsersService } from './modules/users/users.service';
import { canonicalPathPlugin } from './plugins/canonical-path.plugin';
import { errorHandlerPlugin } from './plugins/error-handler.plugin';
import { openApiPlugin } from './plugins/openapi.plugin';
import { requestIdPlugin } from './plugins/request-id.plugin';
import { securityHeadersPlugin } from './plugins/security-headers.plugin';
import { webConsolePlugin } from './plugins/web-console.plugin';
import { loadTlsCredentials } from './server/tls';

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export type TAppDeps = {
  config: TConfig;
  prisma: TPrisma;
  /** The URL the app actually uses (the embedded one when config.databaseUrl is unset). */
  databaseUrl: string;
  logger?: FastifyBaseLogger;
  clock?: TClock;
  migrationsDir?: string;
  webDistDir?: string;
  passwordHasher?: TPasswordHasher;
  sessionPolicy?: TSessionPolicy;
  throttlePolicies?: Partial<TSignInThrottlePolicies>;
  getMigrationStatus?: typeof getMigrationStatus;
  /** Seals secrets at rest; built from SECRETS_KEY or DATA_DIR/secrets.key when not given. */
  secretBox?: TSecretBox;
  /** The mailbox runner (a fake in API tests) and polling speeds of archive runs. */
  archiving?: TArchivingOverrides;
  /** Tuning of directory sync runs (batch size, progress and job polling intervals), for tests. */
  directorySync?: Pick<
    TDirectorySyncServiceDeps,
    'batchSize' | 'progressIntervalMs' | 'pollingIntervalSeconds'
  >;
  /** Retry waits and polling of the send queue, for tests. */
  sending?: TSendingOverrides;
  /** How long a reading of the database figures (/metrics, System page) is reused; tests shorten it. */
  systemStatsTtlMs?: number;
  /** Export progress interval and the IMAP appender of restores, for tests. */
  archiveRead?: TArchiveReadOverrides;
};

function createServices(
  deps: TAppDeps,
  shared: {
    secretBox: TSecretBox;
    log: FastifyBaseLogger;
    loadMasterKey: () => Promise<Buffer>;
    metrics: TMetrics;
  },
) {
  const clock = deps.clock ?? systemClock;
  const { prisma } = deps;
  const audit = createAuditService({ prisma, clock });
  const sessions = createSessionService({ prisma, clock, policy: deps.sessionPolicy });
  const throttle = createSignInThrottleService({ prisma, clock, policies: deps.throttlePolicies });
  const passwordHasher = deps.passwordHasher ?? createPasswordHasher();
  const { secretBox } = shared;
  const googleConnection = createGoogleConnectionService({
    prisma,
    secretBox,
    audit,
    clock,
    google: { adminRootUrl: deps.config.googleAdminRootUrl, p12TokenUri: deps.config.googleTokenUri },
    imap: deps.config.archiving.imap,
    log: shared.log,
    // Every delegated token is minted through this fetch, so failed ones are counted by kind here.
    fetch: countingTokenErrors(
      (input, init) => globalThis.fetch(input, init),
      (kind) => shared.metrics.countTokenError(kind),
    ),
  });
  return {
    audit,
    sessions,
    secretBox,
    googleConnection,
    directorySync: createDirectorySyncService({
      prisma,
      databaseUrl: deps.databaseUrl,
      clock,
      log: shared.log,
      audit,
      getDirectoryClient: (overrides) => googleConnection.getDirectoryClient(overrides),
      getDirectoryAccess: () => googleConnection.getDirectoryAccess(),
      syncWorkerMaxHeapMb: deps.config.syncWorkerMaxHeapMb,
      ...deps.directorySync,
    }),
    archiving: createArchivingModule({
      config: deps.config,
      prisma,
      databaseUrl: deps.databaseUrl,
      clock,
      log: shared.log,
      audit,
      googleConnection,
      loadMasterKey: shared.loadMasterKey,
      onMailboxFinished: (outcome) => {
        if (outcome.status === 'PAUSED') shared.metrics.countQuotaPause(outcome.problemCode ?? 'UNKNOWN');
      },
      ...(deps.archiving ? { overrides: deps.archiving } : {}),
    }),
    sending: createSendingModule({
      config: deps.config,
      prisma,
      databaseUrl: deps.databaseUrl,
      clock,
      log: shared.log,
      audit,
      googleConnection,
      ...(deps.sending ? { overrides: deps.sending } : {}),
    }),
    archiveRead: createArchiveReadModule({
      config: deps.config,
      prisma,
      databaseUrl: deps.databaseUrl,
      clock,
      log: shared.log,
      googleConnection,
      loadMasterKey: shared.loadMasterKey,
      ...(deps.archiveRead ? { overrides: deps.archiveRead } : {}),
    }),
    auth: createAuthService({ prisma, passwordHasher, audit, sessions, throttle, secretBox, clock }),
    users: createUsersService({ prisma }),
    archiveFolders: createArchiveFoldersService({ prisma, audit }),
    me: createMeService({ prisma }),
    oidc: createOidcServices({
      prisma,
      clock,
      audit,
      sessions,
      secretBox,
      isOrganisationDomain: (domain) => isOrganisationDomain(googleConnection, domain),
      config: {
        issuer: deps.config.googleOidcIssuer,
        publicUrl: deps.config.publicUrl,
        allowInsecureForLocalTesting: deps.config.allowInsecureOidcForLocalTesting,
      },
    }),
    health: createHealthService({
      prisma,
      databaseUrl: deps.databaseUrl,
      migrationsDir: deps.migrationsDir,
      getMigrationStatus: deps.getMigrationStatus ?? getMigrationStatus,
    }),
  };
}

/**
 * Google answers a user listing limited to a domain only for the customer's own domains (403
 * otherwise), with the read-only scope the connection already has. Without a working connection
 * nothing can be confirmed, so the answer is no.
 */
async function isOrganisationDomain(
  googleConnection: {
    getDirectoryClient: () => Promise<{ users(opts: { domain: string }): AsyncIterable<unknown> }>;
  },
  domain: string,
): Promise<boolean> {
  try {
    const client = await googleConnection.getDirectoryClient();
    for await (const _user of client.users({ domain })) break;
    return true;
  } catch {
    return false;
  }
}

export type TAppServices = ReturnType<typeof createServices>;

/** The whole HTTP surface as one Fastify instance; main.ts only boots, listens and closes it. */
export async function buildApp(deps: TAppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const options = {
    genReqId: () => randomUUID(),
    logController: new RequestLogController({
      requestIdLogLabel: 'requestId',
      // Probes hit these every few seconds; a log line each would bury everything else.
      disableRequestLogging: (request) => PROBE_PATHS.has(request.url),
    }),
    // Only the proxies named in TRUST_PROXY: request.ip feeds the sign-in throttle, and a spoofable
    // X-Forwarded-For would let a guesser pick a fresh IP per attempt.
    trustProxy: config.trustedProxies.length === 0 ? false : config.trustedProxies,
    ...(deps.logger === undefined ? { logger: { level: config.logLevel } } : { loggerInstance: deps.logger }),
  };
  // Fastify's typings tie the instance type to http vs https; the rest of the app does not care.
  const app =
    config.tls === undefined
      ? Fastify(options)
      : (Fastify<https.Server>({
          ...options,
          https: loadTlsCredentials(config.tls),
        }) as unknown as FastifyInstance);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const secretBox =
    deps.secretBox ??
    createSecretBox(
      (await loadMasterKey({ secretsKey: config.secretsKey, keyFile: config.secretsKeyFile })).key,
    );
  const loadArchiveMasterKey = async () =>
    (await loadMasterKey({ secretsKey: config.secretsKey, keyFile: config.secretsKeyFile })).key;
  const operations = createSystemModule({
    prisma: deps.prisma,
    clock: deps.clock ?? systemClock,
    dataDir: config.dataDir,
    log: app.log,
    ...(deps.systemStatsTtlMs === undefined ? {} : { statsTtlMs: deps.systemStatsTtlMs }),
  });
  const services = createServices(deps, {
    secretBox,
    log: app.log,
    loadMasterKey: loadArchiveMasterKey,
    metrics: operations.metrics,
  });

  await app.register(requestIdPlugin);
  await app.register(httpMetricsPlugin, { metrics: operations.metrics });
  await app.register(errorHandlerPlugin);
  await app.register(canonicalPathPlugin);
  await app.register(securityHeadersPlugin, { isServedOverHttps: config.isServedOverHttps });
  await app.register(fastifyCookie);
  await app.register(authPlugin, { sessions: services.sessions, isSecureCookie: config.isSecureCookie });
  await app.register(openApiPlugin, { requireAdmin });

  await app.register(healthRoutes, { health: services.health });
  await app.register(metricsRoutes, { metrics: operations.metrics, token: config.metricsToken });
  await app.register(systemRoutes, { prefix: '/api/system', system: operations.system });
  // Only a serving instance is an instance; apps driven by inject() in tests record none.
  app.addHook('onListen', async () => {
    await operations.heartbeat.start();
  });
  app.addHook('onClose', async () => {
    await operations.heartbeat.stop();
  });
  await app.register(authRoutes, {
    prefix: '/api/auth',
    auth: services.auth,
    isSecureCookie: config.isSecureCookie,
  });
  await app.register(usersRoutes, { prefix: '/api/users', users: services.users });
  await app.register(archiveFoldersRoutes, {
    prefix: '/api/archive-folders',
    archiveFolders: services.archiveFolders,
  });
  await app.register(meRoutes, { prefix: '/api/me', me: services.me });
  // The same reading routes twice: a user's own archives, and every archive for admins and auditors.
  const archiveRead = services.archiveRead;
  await app.register(archiveReadRoutes, { prefix: '/api/me/archive', area: 'OWN', ...archiveRead });
  await app.register(archiveReadRoutes, { prefix: '/api/archive', area: 'ALL', ...archiveRead });
  await app.register(accessLogRoutes, {
    prefix: '/api/archive/access-log',
    accessLog: archiveRead.accessLog,
  });
  app.addHook('onClose', async () => {
    await archiveRead.close();
  });
  await app.register(oidcRoutes, {
    oidc: services.oidc,
    isSecureCookie: config.isSecureCookie,
    signInRateLimit: config.oidcSignInRateLimit,
  });
  await app.register(googleConnectionRoutes, {
    prefix: '/api/google',
    googleConnection: services.googleConnection,
  });

  await app.register(directorySyncRoutes, {
    prefix: '/api/directory-sync',
    directorySync: services.directorySync,
  });
  // Only a serving instance works on sync jobs; apps driven by inject() in tests only enqueue.
  app.addHook('onListen', async () => {
    await services.directorySync.startWorker();
  });
  app.addHook('onClose', async () => {
    await services.directorySync.stop();
  });

  await app.register(archivingRoutes, { prefix: '/api/archiving', archiving: services.archiving });
  await app.register(archiveVerifyRoutes, {
    prefix: '/api/archiving/verify',
    verify: createArchiveVerifyService({
      databaseUrl: deps.databaseUrl,
      dataDir: config.dataDir,
      loadMasterKey: loadArchiveMasterKey,
      log: app.log,
    }),
  });
  // Like directory sync: only a serving instance works on mailbox jobs.
  app.addHook('onListen', async () => {
    await services.archiving.startWorker();
  });
  app.addHook('onClose', async () => {
    await services.archiving.stop();
  });

  await app.register(messagesApiRoutes, {
    prefix: '/api/v1',
    sending: services.sending.sending,
    apiTokens: services.sending.apiTokens,
  });
  await app.register(sendingAdminRoutes, {
    prefix: '/api/sending',
    sending: services.sending.sending,
    apiTokens: services.sending.apiTokens,
    settings: services.sending.settings,
  });
  // Like the other queues: only a serving instance sends.
  app.addHook('onListen', async () => {
    await services.sending.startWorker();
  });
  app.addHook('onClose', async () => {
    await services.sending.stop();
  });

  await app.register(webConsolePlugin, { distDir: deps.webDistDir ?? DEFAULT_WEB_DIST_DIR });

  app.decorate('services', services);
  app.decorate('operations', operations);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: TAppServices;
    operations: ReturnType<typeof createSystemModule>;
  }
}
