import { randomUUID } from 'node:crypto';
import {
  REQUIRED_DELEGATION_SCOPES,
  type TDirectoryClient,
  type TFetch,
  type TRetryOptions,
  type TServiceAccountKey,
  type TTokenProvider,
} from '@wac/google';
import type { TImapEndpoint } from '@wac/mail';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditActor, TAuditService, TRequestContext } from '../audit/audit.service';
import type { TSecretBox } from '../secrets';
import { GOOGLE_AUDIT_ACTIONS } from './google-audit.actions';
import { createGoogleClientsProvider, type TDirectoryClientOverrides } from './google-clients.provider';
import {
  deleteKeyInSlot,
  findAdminUser,
  findKeyMetadata,
  findLastCheck,
  findSealedKey,
  lockKeys,
  promoteCandidate,
  recordCandidateFailure,
  replaceKeyInSlot,
  saveAdminUser,
  saveLastCheck,
  type TKeyMetadataRow,
  type TLastCheckRow,
  type TNewKeyRow,
  type TSealedKeyRow,
} from './google-connection.repository';
import type {
  TGoogleConnection,
  TGoogleKeySummary,
  TGoogleProblem,
  TKeyUploadResult,
  TSetupCheckResult,
  TStoredSetupCheck,
} from './google-connection.schemas';
import { ZSetupCheckItem } from './google-connection.schemas';
import { describeGoogleFailure, isUnknownUserProblem } from './google-problem.mapper';
import { importKeyFile, type TKeyUpload } from './key-file.importer';
import { runSetupCheck } from './setup-check.runner';

const DAY_MS = 24 * 60 * 60 * 1000;

export type TGoogleConnectionServiceDeps = {
  prisma: TPrisma;
  secretBox: TSecretBox;
  audit: TAuditService;
  clock: TClock;
  google: {
    /** Admin SDK origin (GOOGLE_ADMIN_ROOT_URL). */
    adminRootUrl: string;
    /** Token endpoint for .p12 keys, which do not name one (GOOGLE_TOKEN_URI). */
    p12TokenUri: string;
  };
  /** The IMAP server mailboxes are archived from; Check setup logs in to it as a sample user. */
  imap: TImapEndpoint;
  fetch?: TFetch;
  checkRetry?: Partial<TRetryOptions>;
  log?: FastifyBaseLogger;
};

export type TActorContext = { actor: TAuditActor; context: TRequestContext };

export type { TDirectoryClientOverrides };

export type TDirectoryAccess = { key: TServiceAccountKey; adminUser: string; rootUrl: string };

// The sealed key is bound to its row and key id: copied into another row, it does not open.
function keyAad(rowId: string, privateKeyId: string): string {
  return `google.service-account-key:${rowId}:${privateKeyId}`;
}

export function createGoogleConnectionService(deps: TGoogleConnectionServiceDeps) {
  const { prisma, secretBox, audit, clock } = deps;
  const clients = createGoogleClientsProvider({
    adminRootUrl: deps.google.adminRootUrl,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });

  function openKey(row: TSealedKeyRow): TServiceAccountKey {
    return {
      type: 'service_account',
      format: row.format === 'P12' ? 'p12' : 'json',
      projectId: row.projectId,
      privateKeyId: row.privateKeyId,
      privateKeyPem: secretBox.open(row.sealedPrivateKey, keyAad(row.id, row.privateKeyId)),
      clientEmail: row.clientEmail,
      clientId: row.clientId,
      tokenUri: row.tokenUri,
      universeDomain: null,
    };
  }

  function sealNewKey(key: TServiceAccountKey, actor: TAuditActor): TNewKeyRow {
    const id = randomUUID();
    return {
      id,
      format: key.format === 'p12' ? 'P12' : 'JSON',
      clientEmail: key.clientEmail,
      clientId: key.clientId,
      privateKeyId: key.privateKeyId,
      projectId: key.projectId,
      tokenUri: key.tokenUri,
      sealedPrivateKey: secretBox.seal(key.privateKeyPem, keyAad(id, key.privateKeyId)),
      uploadedAt: clock.now(),
      uploadedById: actor.userId,
      uploadedByName: actor.name,
    };
  }

  function toSummary(row: TKeyMetadataRow): TGoogleKeySummary {
    return {
      format: row.format === 'P12' ? 'p12' : 'json',
      clientEmail: row.clientEmail,
      clientId: row.clientId,
      privateKeyId: row.privateKeyId,
      projectId: row.projectId,
      tokenUri: row.tokenUri,
      uploadedAt: row.uploadedAt.toISOString(),
      uploadedBy: row.uploadedByName,
      ageDays: Math.max(0, Math.floor((clock.now().getTime() - row.uploadedAt.getTime()) / DAY_MS)),
    };
  }

  function keyDetails(key: Pick<TServiceAccountKey, 'clientEmail' | 'clientId' | 'privateKeyId' | 'format'>) {
    return {
      clientEmail: key.clientEmail,
      clientId: key.clientId,
      privateKeyId: key.privateKeyId,
      format: key.format,
    };
  }

  /** The stored result, or null when there is none or it was written in a shape this version does not read. */
  function toStoredCheck(
    row: TLastCheckRow | null,
    current: { privateKeyId: string | null; adminUser: string | null },
  ): TStoredSetupCheck | null {
    if (row === null) return null;
    const items = ZSetupCheckItem.array().safeParse(row.items);
    if (!items.success) return null;
    return {
      isPassed: row.isPassed,
      checkedAt: row.checkedAt.toISOString(),
      items: items.data,
      isCurrent: row.privateKeyId === current.privateKeyId && row.adminUser === current.adminUser,
    };
  }

  async function getConnection(): Promise<TGoogleConnection> {
    const [rows, adminUser, lastCheck] = await Promise.all([
      findKeyMetadata(prisma),
      findAdminUser(prisma),
      findLastCheck(prisma),
    ]);
    const active = rows.find((row) => row.slot === 'ACTIVE');
    const candidate = rows.find((row) => row.slot === 'CANDIDATE');
    return {
      key: active ? toSummary(active) : null,
      adminUser,
      requiredScopes: [...REQUIRED_DELEGATION_SCOPES],
      lastCheck: toStoredCheck(lastCheck, { privateKeyId: active?.privateKeyId ?? null, adminUser }),
      ...(candidate
        ? {
            candidate: {
              ...toSummary(candidate),
              checkedAt: candidate.checkedAt?.toISOString() ?? null,
              problem:
                candidate.checkErrorCode !== null
                  ? { code: candidate.checkErrorCode, message: candidate.checkErrorMessage ?? '' }
                  : null,
            },
          }
        : {}),
    };
  }

  /** Resolves null when the key works for the admin user, else what Google objected to. */
  async function checkCandidate(key: TServiceAccountKey, adminUser: string): Promise<TGoogleProblem | null> {
    const tokens = clients.freshTokenProvider(key);
    try {
      await tokens.getAccessToken(adminUser, REQUIRED_DELEGATION_SCOPES);
      return null;
    } catch (error) {
      const problem = describeGoogleFailure(error, { clientId: key.clientId, adminUser, subject: adminUser });
      if (problem.code === 'UNEXPECTED') deps.log?.error({ err: error }, 'checking a new Google key failed');
      return problem;
    }
  }

  /**
   * Caught on Save rather than only by Check setup: with a key in place, ask Google for a token as
   * this address. Only "no such active user" refuses the save; a scope not granted yet or Google
   * out of reach is Check setup's to report, and must not stop an admin mid-setup.
   */
  async function refuseUnknownAdminUser(adminUser: string): Promise<void> {
    const row = await findSealedKey(prisma, 'ACTIVE');
    if (row === null) return;
    const problem = await checkCandidate(openKey(row), adminUser);
    if (problem === null || !isUnknownUserProblem(problem, adminUser)) return;
    throw new AppError('VALIDATION_FAILED', {
      message: `${problem.message}${problem.remedy ? ` ${problem.remedy}` : ''}`,
      details: { field: 'adminUser' },
    });
  }

  async function loadActive(): Promise<{ row: TSealedKeyRow; adminUser: string | null } | null> {
    const [row, adminUser] = await Promise.all([findSealedKey(prisma, 'ACTIVE'), findAdminUser(prisma)]);
    return row === null ? null : { row, adminUser };
  }

  function notConfigured(what: string): AppError {
    return new AppError('GOOGLE_NOT_CONFIGURED', {
      message: `The Google Workspace connection is not set up: ${what}. Finish it under Directory Services.`,
    });
  }

  return {
    getConnection,

    async importKey(upload: TKeyUpload, { actor, context }: TActorContext): Promise<TKeyUploadResult> {
      const key = importKeyFile(upload, deps.google.p12TokenUri);
      const sealed = sealNewKey(key, actor);

      const stage = await prisma.$transaction(async (tx) => {
        await lockKeys(tx);
        const active = await findSealedKey(tx, 'ACTIVE');
        const adminUser = await findAdminUser(tx);
        // Without an admin user nothing can use (or check) the old key, so there is nothing to protect.
        if (active === null || adminUser === null) {
          await deleteKeyInSlot(tx, 'CANDIDATE');
          await replaceKeyInSlot(tx, 'ACTIVE', sealed);
          await audit.record(
            {
              action: GOOGLE_AUDIT_ACTIONS.keyImported,
              actor,
              target: `google-key:${key.privateKeyId}`,
              details: { ...keyDetails(key), replacedPrivateKeyId: active?.privateKeyId ?? null },
              context,
            },
            tx,
          );
          return { kind: 'stored' as const, replaced: active !== null };
        }
        await replaceKeyInSlot(tx, 'CANDIDATE', sealed);
        return { kind: 'candidate' as const, adminUser, activeKeyId: active.privateKeyId };
      });

      if (stage.kind === 'stored') {
        clients.clear();
        return {
          outcome: 'stored',
          message: stage.replaced
            ? 'The key replaced the previous one (no admin user is set, so it could not be checked first). Enter the admin user and run Check setup.'
            : "The key is stored. Paste the Client ID and the scopes into Google's domain-wide delegation page, enter the admin user, then run Check setup.",
          connection: await getConnection(),
        };
      }

      const problem = await checkCandidate(key, stage.adminUser);
      const checkedAt = clock.now();
      if (problem !== null) {
        const message = problem.remedy ? `${problem.message} ${problem.remedy}` : problem.message;
        await recordCandidateFailure(prisma, sealed.id, { checkedAt, code: problem.code, message });
        await audit.record({
          action: GOOGLE_AUDIT_ACTIONS.keyRotationRejected,
          actor,
          target: `google-key:${key.privateKeyId}`,
          details: { ...keyDetails(key), activePrivateKeyId: stage.activeKeyId, reason: problem.code },
          context,
        });
        return {
          outcome: 'candidate-rejected',
          message: `The new key failed its connection check, so the current key (${stage.activeKeyId}) stays in use.`,
          problem,
          connection: await getConnection(),
        };
      }

      const isPromoted = await prisma.$transaction(async (tx) => {
        await lockKeys(tx);
        if (!(await promoteCandidate(tx, sealed.id, checkedAt))) return false;
        await audit.record(
          {
            action: GOOGLE_AUDIT_ACTIONS.keyRotated,
            actor,
            target: `google-key:${key.privateKeyId}`,
            details: { ...keyDetails(key), previousPrivateKeyId: stage.activeKeyId },
            context,
          },
          tx,
        );
        return true;
      });
      if (!isPromoted) {
        throw new AppError('CONFLICT', {
          message:
            'Another key was uploaded while this one was being checked. Reload the page to see which key is in use.',
        });
      }
      clients.clear();
      return {
        outcome: 'rotated',
        message: `The new key passed its connection check and replaced key ${stage.activeKeyId}. You can now delete the old key in Google Cloud.`,
        connection: await getConnection(),
      };
    },

    async discardCandidate({ actor, context }: TActorContext): Promise<TGoogleConnection> {
      await prisma.$transaction(async (tx) => {
        await lockKeys(tx);
        const candidate = await findSealedKey(tx, 'CANDIDATE');
        if (candidate === null) return;
        await deleteKeyInSlot(tx, 'CANDIDATE');
        await audit.record(
          {
            action: GOOGLE_AUDIT_ACTIONS.candidateDiscarded,
            actor,
            target: `google-key:${candidate.privateKeyId}`,
            details: { clientEmail: candidate.clientEmail, privateKeyId: candidate.privateKeyId },
            context,
          },
          tx,
        );
      });
      return getConnection();
    },

    async setAdminUser(adminUser: string, { actor, context }: TActorContext): Promise<TGoogleConnection> {
      const normalized = adminUser.trim().toLowerCase();
      await refuseUnknownAdminUser(normalized);
      await prisma.$transaction(async (tx) => {
        const previous = await findAdminUser(tx);
        if (previous === normalized) return;
        await saveAdminUser(tx, normalized, actor.name);
        await audit.record(
          {
            action: GOOGLE_AUDIT_ACTIONS.adminUserChanged,
            actor,
            target: 'google-connection',
            details: { from: previous, to: normalized },
            context,
          },
          tx,
        );
      });
      return getConnection();
    },

    /** Runs Check setup and keeps its result, so the console shows the connection's state on load. */
    async runCheck(options: { testUser?: string } = {}): Promise<TSetupCheckResult> {
      const [row, adminUser] = await Promise.all([findSealedKey(prisma, 'ACTIVE'), findAdminUser(prisma)]);
      const items = await runSetupCheck(
        {
          loadKey: async () => (row === null ? null : openKey(row)),
          adminUser,
          ...(options.testUser ? { testUser: options.testUser.toLowerCase() } : {}),
        },
        {
          clients,
          imap: deps.imap,
          now: () => clock.now().getTime(),
          ...(deps.checkRetry ? { retry: deps.checkRetry } : {}),
          onUnexpectedError: (error, checkId) =>
            deps.log?.error({ err: error, checkId }, 'a Google setup check failed unexpectedly'),
        },
      );
      const checkedAt = clock.now();
      const isPassed = items.every((item) => item.status === 'passed');
      // The key and admin user it ran with: a later upload or a new admin user makes it stale.
      await saveLastCheck(prisma, {
        checkedAt,
        isPassed,
        items,
        privateKeyId: row?.privateKeyId ?? null,
        adminUser,
      });
      return { isPassed, checkedAt: checkedAt.toISOString(), items };
    },

    /** Delegated tokens from the stored key, shared by every caller until the key is rotated. */
    async getTokenProvider(): Promise<TTokenProvider> {
      const active = await loadActive();
      if (active === null) throw notConfigured('no service-account key has been uploaded');
      const { row } = active;
      return clients.sharedTokenProvider(`${row.id}:${row.privateKeyId}`, () => openKey(row));
    },

    /**
     * What a Directory client is built from, for a thread of this process that builds its own (the
     * directory sync worker): the opened key, the admin user and the Admin SDK origin.
     */
    async getDirectoryAccess(): Promise<TDirectoryAccess> {
      const active = await loadActive();
      if (active === null) throw notConfigured('no service-account key has been uploaded');
      if (active.adminUser === null) throw notConfigured('no admin user is set');
      return { key: openKey(active.row), adminUser: active.adminUser, rootUrl: deps.google.adminRootUrl };
    },

    /** A Directory client acting as the configured admin user; fails with GOOGLE_NOT_CONFIGURED until both are set. */
    async getDirectoryClient(overrides: TDirectoryClientOverrides = {}): Promise<TDirectoryClient> {
      const active = await loadActive();
      if (active === null) throw notConfigured('no service-account key has been uploaded');
      if (active.adminUser === null) throw notConfigured('no admin user is set');
      const { row, adminUser } = active;
      const tokens = clients.sharedTokenProvider(`${row.id}:${row.privateKeyId}`, () => openKey(row));
      return clients.directoryClient(tokens, adminUser, overrides);
    },
  };
}

export type TGoogleConnectionService = ReturnType<typeof createGoogleConnectionService>;
