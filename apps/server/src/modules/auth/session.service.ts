import { createHash, randomBytes } from 'node:crypto';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TRequestContext } from '../audit/audit.service';
import { createRandomSecret } from './csrf-token';
import {
  deleteExpiredSessions,
  deleteSession,
  findSessionWithUser,
  insertSession,
  type TSessionKind,
  touchSession,
} from './session.repository';

export type TSessionPolicy = { idleTimeoutMs: number; absoluteTimeoutMs: number; touchIntervalMs: number };

export const DEFAULT_SESSION_POLICY: TSessionPolicy = {
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 60 * 60_000,
  // Writing lastSeenAt on every request would turn each console click into a database write.
  touchIntervalMs: 60_000,
};

export const ADMIN_PRIVILEGE = 'admin';

export type TSessionUser = {
  id: string;
  userName: string;
  fullName: string;
  privileges: string[];
  isAdmin: boolean;
};

export type TActiveSession = {
  id: string;
  kind: TSessionKind;
  csrfSecret: string;
  expiresAt: Date;
  user: TSessionUser;
};

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * `isAdmin` means "may use the admin console in this session": a user holding the admin privilege
 * who signed in with Google has an end-user (USER) session, and the console must not offer them
 * pages whose every API call would be refused.
 */
export function toSessionUser(
  user: { id: string; userName: string; fullName: string; privileges: string[] },
  sessionKind: TSessionKind | 'ANY' = 'ANY',
) {
  return {
    id: user.id,
    userName: user.userName,
    fullName: user.fullName,
    privileges: user.privileges,
    isAdmin: sessionKind !== 'USER' && user.privileges.includes(ADMIN_PRIVILEGE),
  } satisfies TSessionUser;
}

export function createSessionService(deps: { prisma: TPrisma; clock: TClock; policy?: TSessionPolicy }) {
  const policy = deps.policy ?? DEFAULT_SESSION_POLICY;

  return {
    policy,

    /** Returns the cookie token; only its hash is stored, so a database dump cannot be replayed. */
    async create(input: {
      userId: string;
      kind: TSessionKind;
      context: TRequestContext;
      userAgent: string | null;
    }) {
      const now = deps.clock.now();
      const token = randomBytes(32).toString('base64url');
      const csrfSecret = createRandomSecret();
      const expiresAt = new Date(now.getTime() + policy.absoluteTimeoutMs);
      await deleteExpiredSessions(deps.prisma, now, new Date(now.getTime() - policy.idleTimeoutMs));
      await insertSession(deps.prisma, {
        id: hashSessionToken(token),
        userId: input.userId,
        csrfSecret,
        kind: input.kind,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: input.context.ip,
        userAgent: input.userAgent?.slice(0, 500) ?? null,
      });
      return { token, csrfSecret, expiresAt };
    },

    async resolve(token: string): Promise<TActiveSession | null> {
      if (token === '' || token.length > 200) return null;
      const id = hashSessionToken(token);
      const row = await findSessionWithUser(deps.prisma, id);
      if (row === null) return null;
      const now = deps.clock.now().getTime();
      const isExpired =
        now >= row.expiresAt.getTime() || now - row.lastSeenAt.getTime() >= policy.idleTimeoutMs;
      // A user suspended or archived in Google since signing in loses the session at the next request.
      if (isExpired || row.user.isSuspended || row.user.isArchived) {
        await deleteSession(deps.prisma, id);
        return null;
      }
      if (now - row.lastSeenAt.getTime() >= policy.touchIntervalMs) {
        await touchSession(deps.prisma, id, new Date(now));
      }
      return {
        id: row.id,
        kind: row.kind,
        csrfSecret: row.csrfSecret,
        expiresAt: row.expiresAt,
        user: toSessionUser(row.user, row.kind),
      };
    },

    async revoke(sessionId: string): Promise<void> {
      await deleteSession(deps.prisma, sessionId);
    },
  };
}

export type TSessionService = ReturnType<typeof createSessionService>;
