import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditService, TRequestContext } from '../audit/audit.service';
import type { TActiveSession } from '../auth/session.service';
import { OIDC_AUDIT_ACTIONS } from './oidc.audit';
import { OidcDenialError } from './oidc-denial';
import type { TOidcFlowService } from './oidc-flow.service';
import type { TOidcTestRun } from './oidc-test.schemas';
import { completeTestRun, findTestRun, insertTestRun, type TTestRunRow } from './oidc-test-run.repository';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toView(row: TTestRunRow): TOidcTestRun {
  return {
    id: row.id,
    status: row.status,
    targetUser: { id: row.targetUserId, userName: row.targetUserName },
    loginHint: row.loginHint,
    reasonCode: row.reasonCode,
    message: row.message,
    matchedUser:
      row.matchedUserId === null || row.matchedUserName === null
        ? null
        : { id: row.matchedUserId, userName: row.matchedUserName },
    googleEmail: row.googleEmail,
    hostedDomain: row.hostedDomain,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/**
 * "Test authentication": an admin has a chosen user sign in at Google; the outcome is stored under
 * the test's id for the console to poll. The flow's TEST purpose never creates a session, so the
 * admin's own session (and cookie) stay exactly as they were.
 */
export function createOidcTestService(deps: {
  prisma: TPrisma;
  clock: TClock;
  audit: TAuditService;
  flow: TOidcFlowService;
}) {
  return {
    async start(input: {
      userId: string;
      admin: TActiveSession;
      bindingToken: string | undefined;
      context: TRequestContext;
    }) {
      const target = UUID_PATTERN.test(input.userId)
        ? await deps.prisma.user.findUnique({
            where: { id: input.userId },
            select: { id: true, userName: true, emails: true },
          })
        : null;
      if (target === null) throw new AppError('NOT_FOUND', { message: 'No user with this id exists.' });

      const loginHint = target.emails[0] ?? null;
      const row = await insertTestRun(deps.prisma, {
        requestedById: input.admin.user.id,
        requestedByName: input.admin.user.userName,
        targetUserId: target.id,
        targetUserName: target.userName,
        loginHint,
        createdAt: deps.clock.now(),
      });
      let started: Awaited<ReturnType<TOidcFlowService['start']>>;
      try {
        started = await deps.flow.start(
          { purpose: 'TEST', testRunId: row.id, loginHint },
          input.bindingToken,
        );
      } catch (error) {
        if (!(error instanceof OidcDenialError)) throw error;
        await completeTestRun(deps.prisma, row.id, {
          status: 'DENIED',
          reasonCode: error.denial.code,
          message: error.denial.message,
          matchedUserId: null,
          matchedUserName: null,
          googleEmail: null,
          hostedDomain: null,
          completedAt: deps.clock.now(),
        });
        // Not set up, or Google unreachable: the admin sees why right away instead of a popup error.
        throw new AppError('CONFLICT', {
          message: error.denial.message,
          details: { reasonCode: error.denial.code },
        });
      }
      await deps.audit.record({
        action: OIDC_AUDIT_ACTIONS.testStarted,
        actor: { userId: input.admin.user.id, name: input.admin.user.userName },
        target: `user:${target.id}`,
        details: { testRunId: row.id, loginHint },
        context: input.context,
      });
      return {
        testRun: toView(row),
        authorizationUrl: started.authorizationUrl,
        bindingToken: started.bindingToken,
      };
    },

    async get(id: string): Promise<TOidcTestRun> {
      const row = UUID_PATTERN.test(id) ? await findTestRun(deps.prisma, id) : null;
      if (row === null)
        throw new AppError('NOT_FOUND', { message: 'No authentication test with this id exists.' });
      return toView(row);
    },
  };
}

export type TOidcTestService = ReturnType<typeof createOidcTestService>;
