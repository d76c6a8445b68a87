import { GOOGLE_SCOPES } from '@wac/google';
import type { TConfig } from '../../config/env';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditService } from '../audit/audit.service';
import type { TGoogleConnectionService } from '../google-connection/google-connection.service';
import { createArchivingService, type TArchivingServiceDeps } from './archiving.service';
import { createMailboxArchiver } from './mailbox-archiver.factory';
import type { TMailboxJobLog } from './mailbox-job.handler';

/** What tests may swap: the mailbox runner (a fake before IMAP is involved) and polling speeds. */
export type TArchivingOverrides = Partial<
  Pick<
    TArchivingServiceDeps,
    'runMailbox' | 'estimateMailbox' | 'pollingIntervalSeconds' | 'progressIntervalMs'
  >
>;

/** The archiving service wired to the Google connection's tokens, the IMAP archiver and the config. */
export function createArchivingModule(deps: {
  config: TConfig;
  prisma: TPrisma;
  databaseUrl: string;
  clock: TClock;
  log: TMailboxJobLog;
  audit: TAuditService;
  googleConnection: TGoogleConnectionService;
  loadMasterKey: () => Promise<Buffer>;
  onMailboxFinished?: TArchivingServiceDeps['onMailboxFinished'];
  overrides?: TArchivingOverrides;
}) {
  const { config, googleConnection } = deps;
  const { archiving } = config;
  const archiver = createMailboxArchiver({
    databaseUrl: deps.databaseUrl,
    store: config.archiveStore,
    loadMasterKey: deps.loadMasterKey,
    imap: archiving.imap,
    // Fresh for every mailbox session: a user suspended or deleted in Google since the last sync is
    // then refused by the token endpoint (skipped, archive kept), not at the IMAP login.
    getAccessToken: async (userEmail) => {
      const tokens = await googleConnection.getTokenProvider();
      return (await tokens.getAccessToken(userEmail, [GOOGLE_SCOPES.mail], { isFresh: true })).accessToken;
    },
    log: deps.log,
    maxConnections: archiving.maxMailboxes * archiving.connectionsPerAccount + 2,
  });
  const service = createArchivingService({
    prisma: deps.prisma,
    databaseUrl: deps.databaseUrl,
    clock: deps.clock,
    log: deps.log,
    audit: deps.audit,
    limits: {
      maxMailboxes: archiving.maxMailboxes,
      connectionsPerAccount: archiving.connectionsPerAccount,
      dailyBudgetBytes: archiving.dailyBudgetBytes,
    },
    heartbeatMs: archiving.heartbeatSeconds * 1000,
    runMailbox: archiver.runMailbox,
    estimateMailbox: archiver.estimateMailbox,
    expandGroupMembers: async (groupKeys) => {
      const directory = await googleConnection.getDirectoryClient();
      return (await directory.expandGroups(groupKeys)).userIds;
    },
    ...(deps.onMailboxFinished === undefined ? {} : { onMailboxFinished: deps.onMailboxFinished }),
    ...deps.overrides,
  });
  return {
    ...service,
    async stop(): Promise<void> {
      await service.stop();
      await archiver.close();
    },
  };
}

export type TArchivingModule = ReturnType<typeof createArchivingModule>;
