import { toUserNameKey } from '@wac/db';
import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import { AUDIT_ACTIONS } from '../audit/audit.actions';
import type { TAuditService, TRequestContext } from '../audit/audit.service';
import type { TSecretBox } from '../secrets';
import { findUserForSignIn } from '../users/user.repository';
import { createRandomSecret } from './csrf-token';
import type { TPasswordHasher } from './password-hasher';
import { ADMIN_PRIVILEGE, type TActiveSession, type TSessionService, toSessionUser } from './session.service';
import { isDeviceTokenFor, issueDeviceToken } from './sign-in-device';
import type { TSignInThrottleService, TThrottleScope } from './sign-in-throttle.service';

export const INVALID_CREDENTIALS_MESSAGE = 'The user name or password is incorrect.';

const LOGIN_PRIVILEGE = 'login';

type TSignInCandidate = NonNullable<Awaited<ReturnType<typeof findUserForSignIn>>>;

type TRejection = 'unknown_user' | 'wrong_password' | 'not_allowed';

function throttledMessage(scope: TThrottleScope, retryAfterSeconds: number): string {
  const wait =
    retryAfterSeconds < 60
      ? `${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`
      : `${Math.ceil(retryAfterSeconds / 60)} minute${Math.ceil(retryAfterSeconds / 60) === 1 ? '' : 's'}`;
  const what =
    scope === 'account'
      ? 'Too many failed sign-in attempts for this user from several places.'
      : scope === 'address'
        ? 'Too many failed sign-in attempts from your network address.'
        : 'Too many failed sign-in attempts.';
  return `${what} Try again in ${wait}.`;
}

function rejectionOf(user: TSignInCandidate | null, isPasswordValid: boolean): TRejection | null {
  if (user === null) return 'unknown_user';
  if (user.passwordHash === null) return 'not_allowed';
  if (!isPasswordValid) return 'wrong_password';
  const mayLogIn = user.privileges.includes(LOGIN_PRIVILEGE) || user.privileges.includes(ADMIN_PRIVILEGE);
  if (user.authMethod !== 'LOCAL' || user.isSuspended || !mayLogIn) return 'not_allowed';
  return null;
}

export function createAuthService(deps: {
  prisma: TPrisma;
  passwordHasher: TPasswordHasher;
  audit: TAuditService;
  sessions: TSessionService;
  throttle: TSignInThrottleService;
  secretBox: TSecretBox;
  clock: TClock;
}) {
  // Unknown users are verified against a real hash too, so response time does not reveal which
  // user names exist.
  let decoyHash: Promise<string> | undefined;
  const getDecoyHash = () => {
    decoyHash ??= deps.passwordHasher.hash(createRandomSecret());
    return decoyHash;
  };

  return {
    async signIn(input: {
      userName: string;
      password: string;
      context: TRequestContext;
      userAgent: string | null;
      /** The browser's session so far, ended on success so two sessions never share a browser. */
      previousSessionId?: string | undefined;
      /** The browser's device cookie, if any (see sign-in-device.ts). */
      deviceToken?: string | undefined;
    }) {
      const userNameKey = toUserNameKey(input.userName);
      const attemptedName = input.userName.trim().slice(0, 200);
      // Looked up before the throttle's transaction: the callback must not need a second pool
      // connection while the transaction holds one, or a burst of attempts exhausts the pool.
      const user = await findUserForSignIn(deps.prisma, userNameKey);
      const storedHash = user?.passwordHash ?? (await getDecoyHash());
      let rejection: TRejection | null = 'unknown_user';

      const isKnownDevice = isDeviceTokenFor(
        deps.secretBox,
        input.deviceToken,
        userNameKey,
        deps.clock.now(),
      );
      const attempt = await deps.throttle.attempt(
        { userNameKey, ip: input.context.ip, isKnownDevice },
        async () => {
          rejection = rejectionOf(user, await deps.passwordHasher.verify(storedHash, input.password));
          return rejection === null;
        },
      );

      const actor = { userId: user?.id ?? null, name: user?.userName ?? attemptedName };

      if (attempt.outcome === 'locked') {
        await deps.audit.record({
          action: AUDIT_ACTIONS.signInThrottled,
          actor,
          details: {
            userName: attemptedName,
            scope: attempt.scope,
            retryAfterSeconds: attempt.retryAfterSeconds,
          },
          context: input.context,
        });
        throw new AppError('TOO_MANY_ATTEMPTS', {
          message: throttledMessage(attempt.scope, attempt.retryAfterSeconds),
          details: { retryAfterSeconds: attempt.retryAfterSeconds },
        });
      }

      if (attempt.outcome === 'rejected' || user === null) {
        await deps.audit.record({
          action: AUDIT_ACTIONS.signInFailed,
          actor,
          details: {
            userName: attemptedName,
            reason: rejection,
            failures: attempt.outcome === 'rejected' ? attempt.failures : 0,
            isNowLocked: attempt.outcome === 'rejected' && attempt.isNowLocked,
          },
          context: input.context,
        });
        throw new AppError('INVALID_CREDENTIALS', { message: INVALID_CREDENTIALS_MESSAGE });
      }

      const sessionUser = toSessionUser(user);
      const session = await deps.sessions.create({
        userId: user.id,
        kind: sessionUser.isAdmin ? 'ADMIN' : 'USER',
        context: input.context,
        userAgent: input.userAgent,
      });
      if (input.previousSessionId !== undefined) await deps.sessions.revoke(input.previousSessionId);
      await deps.audit.record({
        action: AUDIT_ACTIONS.signInSucceeded,
        actor,
        details: { kind: sessionUser.isAdmin ? 'ADMIN' : 'USER' },
        context: input.context,
      });
      return {
        token: session.token,
        csrfToken: session.csrfSecret,
        user: sessionUser,
        deviceToken: issueDeviceToken(deps.secretBox, userNameKey, deps.clock.now()),
      };
    },

    async signOut(session: TActiveSession | null, context: TRequestContext): Promise<void> {
      if (session === null) return;
      await deps.sessions.revoke(session.id);
      await deps.audit.record({
        action: AUDIT_ACTIONS.signOut,
        actor: { userId: session.user.id, name: session.user.userName },
        context,
      });
    },
  };
}

export type TAuthService = ReturnType<typeof createAuthService>;
