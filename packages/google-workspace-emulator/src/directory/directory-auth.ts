import type { TAccessToken } from '../auth/access-token.store';
import type { TEmulatorContext } from '../emulator-context';
import { apiErrors } from './google-api-error';

const DIRECTORY = 'https://www.googleapis.com/auth/admin.directory';

/** Scopes that each allow a call; read-write scopes include read access, as in Google's discovery document. */
export const ACCEPTED_SCOPES = {
  users: [`${DIRECTORY}.user.readonly`, `${DIRECTORY}.user`],
  groups: [`${DIRECTORY}.group.readonly`, `${DIRECTORY}.group`],
  domains: [`${DIRECTORY}.domain.readonly`, `${DIRECTORY}.domain`],
  members: [
    `${DIRECTORY}.group.member.readonly`,
    `${DIRECTORY}.group.member`,
    `${DIRECTORY}.group.readonly`,
    `${DIRECTORY}.group`,
  ],
} as const;

/**
 * The Directory API answers only to a token carrying one of the scopes and belonging to an
 * administrator who is not suspended; everything else gets Google's 401 or 403.
 */
export function authorizeDirectoryCall(
  ctx: Pick<TEmulatorContext, 'tokens' | 'state'>,
  authorization: string | undefined,
  queryToken: string | undefined,
  accepted: readonly string[],
): TAccessToken {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? queryToken;
  if (bearer === undefined) {
    throw authorization === undefined ? apiErrors.loginRequired() : apiErrors.invalidCredentials();
  }
  const token = ctx.tokens.find(bearer);
  if (!token) throw apiErrors.invalidCredentials();
  if (!token.scopes.some((scope) => accepted.includes(scope))) throw apiErrors.insufficientScopes();
  const user = token.isUserToken ? ctx.state.users.findById(token.subject) : undefined;
  const isActiveAdmin = user !== undefined && user.deletionTime === null && !user.suspended && user.isAdmin;
  if (!isActiveAdmin) throw apiErrors.notAuthorized();
  return token;
}
