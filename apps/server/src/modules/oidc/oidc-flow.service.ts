import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditService, TRequestContext } from '../audit/audit.service';
import { type TSessionService, type TSessionUser, toSessionUser } from '../auth/session.service';
import { OIDC_AUDIT_ACTIONS } from './oidc.audit';
import {
  deleteExpiredAuthRequests,
  insertAuthRequest,
  pruneAuthRequestsOfBrowser,
  takeAuthRequest,
} from './oidc-auth-request.repository';
import type { TOidcClientProvider } from './oidc-client.provider';
import { deny, OidcDenialError, type TOidcDenial } from './oidc-denial';
import { denialForGrantError } from './oidc-error.mapper';
import { type TGoogleIdentity, type TIdentityMatch, toGoogleIdentity } from './oidc-identity.matcher';
import { recordGoogleUserId } from './oidc-identity.repository';
import type { TOidcIdentityService } from './oidc-identity.service';
import type { TOidcSettingsService } from './oidc-settings.service';
import { completeTestRun } from './oidc-test-run.repository';

// Long enough to pick an account and type a password with 2-step verification, short enough
// that a leaked state is useless soon.
const AUTH_REQUEST_TTL_MS = 10 * 60_000;
// A browser rarely has more than one sign-in going; a few allow for several tabs. Older ones go.
export const MAX_OPEN_REQUESTS_PER_BROWSER = 5;

const SCOPES = 'openid email profile';

const BINDING_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type TFlowStart =
  | { purpose: 'SIGN_IN'; loginHint?: string | undefined }
  | { purpose: 'TEST'; testRunId: string; loginHint: string | null };

export type TTestOutcome = {
  status: 'SUCCEEDED' | 'DENIED';
  reasonCode: string | null;
  message: string;
  matchedUser: { id: string; userName: string } | null;
  googleEmail: string | null;
};

export type TFlowResult =
  | { kind: 'signed-in'; token: string; user: TSessionUser }
  | { kind: 'denied'; denial: TOidcDenial }
  | { kind: 'test-completed'; testRunId: string; outcome: TTestOutcome };

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Authorization code + PKCE (S256) + state + nonce against the configured issuer (openid-client 6). */
export function createOidcFlowService(deps: {
  prisma: TPrisma;
  clock: TClock;
  audit: TAuditService;
  sessions: TSessionService;
  settings: TOidcSettingsService;
  clients: TOidcClientProvider;
  identities: TOidcIdentityService;
}) {
  const loadClient = async () => {
    const settings = (await deps.settings.loadClientSettings()) ?? deny('NOT_CONFIGURED');
    return { settings, configuration: await deps.clients.get(settings) };
  };

  /** The tokens Google returns for the code, with every id_token check openid-client offers. */
  const redeem = async (
    query: URLSearchParams,
    row: { redirectUri: string; codeVerifier: string; nonce: string },
  ) => {
    const { configuration } = await loadClient();
    // The redirect_uri sent to the token endpoint must be the registered one, not whatever host
    // or path prefix this request arrived with behind a proxy.
    const currentUrl = new URL(row.redirectUri);
    for (const [name, value] of query) currentUrl.searchParams.append(name, value);
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: row.codeVerifier,
        expectedNonce: row.nonce,
        expectedState: query.get('state') ?? undefined,
        idTokenExpected: true,
      });
      return toGoogleIdentity(tokens.claims() ?? deny('ID_TOKEN_INVALID'));
    } catch (error) {
      if (error instanceof OidcDenialError) throw error;
      throw new OidcDenialError(denialForGrantError(error), { cause: error });
    }
  };

  const signIn = async (
    identity: TGoogleIdentity,
    match: TIdentityMatch,
    input: { context: TRequestContext; userAgent: string | null; previousSessionId: string | undefined },
  ): Promise<TFlowResult> => {
    const { user } = match;
    const { context, userAgent } = input;
    if (match.shouldRecordGoogleId) {
      const isRecorded = await recordGoogleUserId(deps.prisma, user.id, identity.sub);
      if (!isRecorded) deny('GOOGLE_ID_MISMATCH', { email: identity.email, userName: user.userName });
      await deps.audit.record({
        action: OIDC_AUDIT_ACTIONS.googleIdRecorded,
        actor: { userId: user.id, name: user.userName },
        target: `user:${user.id}`,
        details: { googleUserId: identity.sub, email: identity.email ?? null },
        context,
      });
    }
    // The browser's earlier session (another user, or an admin) ends here rather than lingering
    // server-side after its cookie is overwritten.
    if (input.previousSessionId !== undefined) await deps.sessions.revoke(input.previousSessionId);
    // Always an end-user session: the console needs the local admin sign-in (break-glass stays separate).
    const session = await deps.sessions.create({ userId: user.id, kind: 'USER', context, userAgent });
    await deps.audit.record({
      action: OIDC_AUDIT_ACTIONS.signInSucceeded,
      actor: { userId: user.id, name: user.userName },
      details: { email: identity.email ?? null, hd: identity.hd ?? null, googleUserId: identity.sub },
      context,
    });
    return { kind: 'signed-in', token: session.token, user: toSessionUser(user, 'USER') };
  };

  const finishTest = async (
    testRunId: string,
    outcome: TTestOutcome,
    identity: TGoogleIdentity | undefined,
    context: TRequestContext,
  ): Promise<TFlowResult> => {
    await completeTestRun(deps.prisma, testRunId, {
      status: outcome.status,
      reasonCode: outcome.reasonCode,
      message: outcome.message,
      matchedUserId: outcome.matchedUser?.id ?? null,
      matchedUserName: outcome.matchedUser?.userName ?? null,
      googleEmail: identity?.email ?? null,
      hostedDomain: identity?.hd ?? null,
      completedAt: deps.clock.now(),
    });
    await deps.audit.record({
      action: OIDC_AUDIT_ACTIONS.testCompleted,
      actor: { userId: null, name: identity?.email ?? 'unknown' },
      target: `oidc-test:${testRunId}`,
      details: {
        status: outcome.status,
        reasonCode: outcome.reasonCode,
        googleEmail: identity?.email ?? null,
      },
      context,
    });
    return { kind: 'test-completed', testRunId, outcome };
  };

  return {
    /** Returns Google's authorization URL and the browser-binding cookie value to set. */
    async start(input: TFlowStart, bindingToken: string | undefined) {
      const { settings, configuration } = await loadClient();
      const binding =
        bindingToken !== undefined && BINDING_TOKEN.test(bindingToken)
          ? bindingToken
          : randomBytes(32).toString('base64url');
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const { primaryDomain } = await deps.identities.workspaceDomains({ isFresh: false });
      const now = deps.clock.now();

      await deleteExpiredAuthRequests(deps.prisma, now);
      await insertAuthRequest(deps.prisma, {
        id: sha256(state),
        purpose: input.purpose,
        browserBindingHash: sha256(binding),
        codeVerifier,
        nonce,
        redirectUri: settings.redirectUri,
        testRunId: input.purpose === 'TEST' ? input.testRunId : null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + AUTH_REQUEST_TTL_MS),
      });
      await pruneAuthRequestsOfBrowser(deps.prisma, sha256(binding), MAX_OPEN_REQUESTS_PER_BROWSER);

      const parameters: Record<string, string> = {
        redirect_uri: settings.redirectUri,
        scope: SCOPES,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        // Shared computers: always let the user pick (or add) the account instead of reusing one.
        prompt: 'select_account',
      };
      if (primaryDomain !== undefined) parameters.hd = primaryDomain;
      if (input.loginHint) parameters.login_hint = input.loginHint;
      const authorizationUrl = client.buildAuthorizationUrl(configuration, parameters).href;
      return { authorizationUrl, bindingToken: binding };
    },

    /** Handles Google's redirect back to /oidc/signin?code&state (or ?error&state). */
    async finish(input: {
      query: URLSearchParams;
      bindingToken: string | undefined;
      /** The session this browser already has, if any; replaced on a successful sign-in. */
      previousSessionId?: string | undefined;
      context: TRequestContext;
      userAgent: string | null;
    }): Promise<TFlowResult> {
      const state = input.query.get('state');
      const row =
        state !== null && state.length <= 512 ? await takeAuthRequest(deps.prisma, sha256(state)) : null;
      const isLive = row !== null && row.expiresAt.getTime() > deps.clock.now().getTime();
      let identity: TGoogleIdentity | undefined;
      try {
        if (row === null || !isLive) deny('STATE_INVALID');
        if (input.bindingToken === undefined || sha256(input.bindingToken) !== row.browserBindingHash) {
          deny('BROWSER_MISMATCH');
        }
        const error = input.query.get('error');
        if (error !== null) deny('GOOGLE_ERROR', { error: error.slice(0, 100) });
        identity = await redeem(input.query, row);
        const match = await deps.identities.resolve(identity);
        if (row.purpose === 'TEST' && row.testRunId !== null) {
          return await finishTest(
            row.testRunId,
            {
              status: 'SUCCEEDED',
              reasonCode: null,
              message: `${identity.email ?? identity.sub} can sign in as ${match.user.userName}.${
                match.shouldRecordGoogleId
                  ? ' The Google account id will be recorded at the first sign-in.'
                  : ''
              }`,
              matchedUser: { id: match.user.id, userName: match.user.userName },
              googleEmail: identity.email ?? null,
            },
            identity,
            input.context,
          );
        }
        return await signIn(identity, match, {
          context: input.context,
          userAgent: input.userAgent,
          previousSessionId: input.previousSessionId,
        });
      } catch (error) {
        if (!(error instanceof OidcDenialError)) throw error;
        const { denial } = error;
        if (row !== null && isLive && row.purpose === 'TEST' && row.testRunId !== null) {
          return finishTest(
            row.testRunId,
            {
              status: 'DENIED',
              reasonCode: denial.code,
              message: denial.message,
              matchedUser: null,
              googleEmail: identity?.email ?? null,
            },
            identity,
            input.context,
          );
        }
        await deps.audit.record({
          action: OIDC_AUDIT_ACTIONS.signInDenied,
          actor: { userId: null, name: identity?.email ?? 'unknown' },
          details: {
            reason: denial.code,
            email: identity?.email ?? null,
            hd: identity?.hd ?? null,
            googleUserId: identity?.sub ?? null,
          },
          context: input.context,
        });
        return { kind: 'denied', denial };
      }
    },
  };
}

export type TOidcFlowService = ReturnType<typeof createOidcFlowService>;
