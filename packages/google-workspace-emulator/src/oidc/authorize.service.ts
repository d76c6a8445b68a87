import type { TUser } from '../domain/user.store';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import type { TAuthorizationRequest } from './authorization.store';
import { renderErrorPage, renderLoginPage } from './login-page';

type TDeps = Pick<TEmulatorContext, 'oidcClients' | 'authorizations' | 'state' | 'faults'>;

export type TAuthorizeOutcome =
  | { kind: 'page'; status: number; html: string }
  | { kind: 'redirect'; location: string };

// A domain of 100,000 users cannot be one page of buttons; the rest are reachable by typing.
const LISTED_USERS = 50;

/**
 * The authorization endpoint. Errors about the client or its redirect URI are shown, never
 * redirected, so that an attacker's redirect URI receives nothing (Google does the same).
 */
export function startAuthorization(deps: TDeps, query: unknown): TAuthorizeOutcome {
  const clientId = paramOf(query, 'client_id') ?? '';
  const client = deps.oidcClients.find(clientId);
  if (!client) return errorPage(401, 'invalid_client', 'The OAuth client was not found.');
  const redirectUri = paramOf(query, 'redirect_uri');
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return errorPage(
      400,
      'redirect_uri_mismatch',
      `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri ?? ''}`,
    );
  }
  const responseType = paramOf(query, 'response_type');
  if (responseType === undefined)
    return errorPage(400, 'invalid_request', 'Required parameter is missing: response_type');
  if (responseType !== 'code')
    return errorPage(400, 'unsupported_response_type', `Invalid response_type: ${responseType}`);
  const scope = paramOf(query, 'scope');
  if (!scope) return errorPage(400, 'invalid_request', 'Missing required parameter: scope');
  const codeChallenge = paramOf(query, 'code_challenge');
  const method =
    paramOf(query, 'code_challenge_method') ?? (codeChallenge === undefined ? undefined : 'plain');
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    return errorPage(400, 'invalid_request', 'Invalid code_challenge_method value.');
  }
  const state = paramOf(query, 'state');
  const request: TAuthorizationRequest = {
    clientId,
    redirectUri,
    scope,
    state,
    nonce: paramOf(query, 'nonce'),
    codeChallenge,
    codeChallengeMethod: method,
    loginHint: paramOf(query, 'login_hint'),
    hd: paramOf(query, 'hd')?.toLowerCase(),
  };
  // The emulator keeps no browser session, so a silent sign-in can never succeed.
  if (paramOf(query, 'prompt')?.split(' ').includes('none')) {
    return redirect(redirectUri, { error: 'login_required', state });
  }
  const pendingId = deps.authorizations.savePending(request);
  return loginPage(deps, pendingId, request, {});
}

/** The login page's form post: the chosen account becomes a single-use code at the redirect URI. */
export function chooseAccount(deps: TDeps, body: unknown): TAuthorizeOutcome {
  const pendingId = paramOf(body, 'request') ?? '';
  const request = deps.authorizations.findPending(pendingId);
  if (!request)
    return errorPage(400, 'invalid_request', 'The sign-in request expired or is unknown; start again.');
  const accountId = paramOf(body, 'account');
  const typedEmail = paramOf(body, 'email')?.trim();
  const user = accountId
    ? deps.state.users.findById(accountId)
    : typedEmail
      ? deps.state.users.find(typedEmail)
      : undefined;
  if (!user || user.deletionTime !== null) {
    return loginPage(deps, pendingId, request, { typedEmail, error: "Couldn't find your Google Account" });
  }
  if (user.suspended && !deps.faults.suspendedUsersCanSignIn) {
    return loginPage(deps, pendingId, request, { typedEmail, error: 'This account has been suspended' });
  }
  if (user.archived && !deps.faults.archivedUsersCanSignIn) {
    return loginPage(deps, pendingId, request, { typedEmail, error: 'This account has been archived' });
  }
  const code = deps.authorizations.issueCode(pendingId, user.id);
  if (!code)
    return errorPage(400, 'invalid_request', 'The sign-in request expired or is unknown; start again.');
  return redirect(request.redirectUri, {
    state: request.state,
    code: code.code,
    scope: request.scope,
    authuser: '0',
    hd: user.primaryEmail.slice(user.primaryEmail.indexOf('@') + 1),
    prompt: 'consent',
  });
}

function loginPage(
  deps: TDeps,
  pendingId: string,
  request: TAuthorizationRequest,
  extra: { typedEmail?: string; error?: string },
): TAuthorizeOutcome {
  const preselected = request.loginHint ? deps.state.users.find(request.loginHint) : undefined;
  const html = renderLoginPage({
    pendingId,
    clientId: request.clientId,
    users: listedUsers(deps, request.hd, preselected),
    totalUsers: deps.state.users.active.length,
    preselected,
    ...extra,
  });
  return { kind: 'page', status: 200, html };
}

/** Like Google's chooser, `hd` only puts that domain's accounts first; others stay selectable. */
function listedUsers(deps: TDeps, hd: string | undefined, preselected: TUser | undefined): TUser[] {
  const listed: TUser[] = preselected ? [preselected] : [];
  const others: TUser[] = [];
  for (const user of deps.state.users.active.values()) {
    if (listed.length >= LISTED_USERS) break;
    if (user === preselected) continue;
    if (hd === undefined || user.primaryEmail.endsWith(`@${hd}`)) listed.push(user);
    else if (others.length < LISTED_USERS) others.push(user);
  }
  return [...listed, ...others].slice(0, LISTED_USERS);
}

function errorPage(status: number, error: string, description: string): TAuthorizeOutcome {
  return { kind: 'page', status, html: renderErrorPage(status, error, description) };
}

function redirect(redirectUri: string, params: Record<string, string | undefined>): TAuthorizeOutcome {
  const location = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) location.searchParams.set(name, value);
  }
  return { kind: 'redirect', location: location.toString() };
}
