import { GOOGLE_SCOPES, type TTokenProvider } from '@wac/google';
import { createSmtpSender, DEFAULT_SEND_RETRY_DELAYS_MS, type TSmtpEndpoint } from '@wac/mail';
import type { TConfig } from '../../config/env';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditService } from '../audit/audit.service';
import type { TGoogleConnectionService } from '../google-connection/google-connection.service';
import { createAdminNotifications } from './admin-notifications.watcher';
import { createApiTokenService } from './api-token.service';
import { createSendJobs } from './send.jobs';
import { createSendJobHandler } from './send-job.handler';
import { createSendSettingsService } from './send-settings.service';
import { createSendingService } from './sending.service';

const TOKEN_PROVIDER_TTL_MS = 10_000;

/** What tests may tune: retry waits and how often an idle worker polls. */
export type TSendingOverrides = {
  retryDelaysMs?: readonly number[];
  pollingIntervalSeconds?: number;
  smtpTimeoutMs?: number;
};

type TLog = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

/** Sending wired to the Google connection's delegated tokens, Gmail's SMTP server and pg-boss. */
export function createSendingModule(deps: {
  config: TConfig;
  prisma: TPrisma;
  databaseUrl: string;
  clock: TClock;
  log: TLog;
  audit: TAuditService;
  googleConnection: TGoogleConnectionService;
  overrides?: TSendingOverrides;
}) {
  const { config, prisma, clock, googleConnection } = deps;
  const { sending: settings } = config;
  const endpoint: TSmtpEndpoint = {
    ...settings.smtp,
    ...(deps.overrides?.smtpTimeoutMs ? { timeoutMs: deps.overrides.smtpTimeoutMs } : {}),
  };
  // Looking up the stored key costs two queries; per message that is most of the worker's database
  // time. A rotated key is picked up within this many milliseconds.
  let provider: { at: number; value: Promise<TTokenProvider> } | null = null;
  const currentTokenProvider = (): Promise<TTokenProvider> => {
    const now = Date.now();
    if (provider === null || now - provider.at > TOKEN_PROVIDER_TTL_MS) {
      const value = googleConnection.getTokenProvider();
      provider = { at: now, value };
      value.catch(() => {
        provider = null;
      });
    }
    return provider.value;
  };
  const sender = createSmtpSender({
    endpoint,
    getAccessToken: async (address) => {
      const tokens = await currentTokenProvider();
      return (await tokens.getAccessToken(address, [GOOGLE_SCOPES.mail])).accessToken;
    },
    clientId: async () => (await googleConnection.getConnection()).key?.clientId,
  });
  const jobs = createSendJobs({
    databaseUrl: deps.databaseUrl,
    log: deps.log,
    concurrency: settings.concurrency,
    ...(deps.overrides?.pollingIntervalSeconds
      ? { pollingIntervalSeconds: deps.overrides.pollingIntervalSeconds }
      : {}),
    handle: (job) => handle(job),
    tick: async () => {
      await notifications.checkNow();
    },
  });
  const handle = createSendJobHandler({
    prisma,
    clock,
    sender,
    retryDelaysMs: deps.overrides?.retryDelaysMs ?? DEFAULT_SEND_RETRY_DELAYS_MS,
    enqueueRetry: (job, at) => jobs.enqueue(job, at),
    log: deps.log,
  });
  const sending = createSendingService({
    prisma,
    clock,
    limits: settings.limits,
    smtp: settings.smtp,
    enqueue: (sendMessageId) => jobs.enqueue({ sendMessageId }),
  });
  const notifications = createAdminNotifications({
    prisma,
    clock,
    sending,
    log: deps.log,
    activeKey: async () => {
      const { key } = await googleConnection.getConnection();
      return key
        ? {
            privateKeyId: key.privateKeyId,
            clientEmail: key.clientEmail,
            uploadedAt: key.uploadedAt,
            ageDays: key.ageDays,
          }
        : null;
    },
  });
  const apiTokens = createApiTokenService({ prisma, clock, audit: deps.audit });
  const sendSettings = createSendSettingsService({ prisma, audit: deps.audit, sending });
  return {
    sending,
    apiTokens,
    settings: sendSettings,
    notifications,
    startWorker: () => jobs.startWorker(),
    stop: () => jobs.stop(),
  };
}

export type TSendingModule = ReturnType<typeof createSendingModule>;
