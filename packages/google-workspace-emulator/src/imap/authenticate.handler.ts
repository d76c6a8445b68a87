import { SCOPES } from '../auth/scopes';
import { capabilityList, type TAuthMechanism } from './capabilities';
import { tokenText } from './command-parser';
import { bad, type ImapSession, no, ok, type TCommandHandler, type TReply } from './imap-session';

export const IMAP_TEXT = {
  invalidCredentials: '[AUTHENTICATIONFAILED] Invalid credentials (Failure)',
  domainDisabled:
    '[ALERT] IMAP access is disabled for this mail client for your domain. Please contact your domain administrator for assistance. (Failure)',
  accountNotEnabled:
    '[ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)',
  overQuota: '[OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)',
  tooManyConnections: '[ALERT] Too many simultaneous connections. (Failure)',
  loginRefused: '[ALERT] Application-specific password required (Failure)',
} as const;

type TSaslResponse = { user: string; token: string };

/** AUTHENTICATE XOAUTH2 / OAUTHBEARER against the emulator's own access tokens. */
export const authenticateHandler: TCommandHandler = async (session, command) => {
  const mechanism = tokenText(command.args[0])?.toUpperCase() as TAuthMechanism | undefined;
  if (!mechanism || !session.deps.authMechanisms.includes(mechanism)) {
    return no('[ALERT] Unsupported authentication mechanism. (Failure)');
  }
  let encoded = tokenText(command.args[1]);
  if (encoded === undefined) {
    session.write('+ \r\n');
    encoded = (await session.readContinuation())?.toString('latin1');
    if (encoded === undefined) return bad();
  }
  if (encoded === '*') return bad('Authentication aborted');
  const response = parseSaslResponse(mechanism, Buffer.from(encoded, 'base64').toString('utf8'));
  if (!response) return no(IMAP_TEXT.invalidCredentials);
  const refusal = checkToken(session, response);
  if (refusal) return failSasl(session, refusal);
  return admit(session, response.user.toLowerCase());
};

export const loginHandler: TCommandHandler = async () => no(IMAP_TEXT.loginRefused);

function parseSaslResponse(mechanism: TAuthMechanism, decoded: string): TSaslResponse | undefined {
  const fields = decoded.split('\x01');
  const auth = fields.find((field) => field.startsWith('auth='));
  const token = /^auth=Bearer\s+(.+)$/i.exec(auth ?? '')?.[1];
  const user =
    mechanism === 'XOAUTH2'
      ? fields.find((field) => field.startsWith('user='))?.slice('user='.length)
      : /(?:^|,)a=([^,]*)/
          .exec(fields[0] ?? '')?.[1]
          ?.replace(/=2C/g, ',')
          .replace(/=3D/g, '=');
  if (!token || !user) return undefined;
  return { user, token };
}

type TRefusal = { status: '400' | '401' };

// The token must be live, belong to the login user and carry the full mail scope, which is what
// Gmail checks; refusals go out as Gmail's base64 JSON challenge before the tagged NO.
function checkToken(session: ImapSession, response: TSaslResponse): TRefusal | undefined {
  const token = session.deps.tokens.find(response.token);
  if (!token) return { status: '401' };
  const isSameUser = token.isUserToken && token.email.toLowerCase() === response.user.toLowerCase();
  if (!isSameUser || !token.scopes.includes(SCOPES.mail)) return { status: '400' };
  const user = session.deps.state.getUser(response.user);
  if (!user || user.suspended) return { status: '400' };
  return undefined;
}

async function failSasl(session: ImapSession, refusal: TRefusal): Promise<TReply> {
  const challenge = JSON.stringify({ status: refusal.status, schemes: 'Bearer', scope: SCOPES.mail });
  session.write(`+ ${Buffer.from(challenge).toString('base64')}\r\n`);
  // The client answers the challenge (empty for XOAUTH2, ^A for OAUTHBEARER) before the final NO.
  await session.readContinuation();
  return no(IMAP_TEXT.invalidCredentials);
}

function admit(session: ImapSession, user: string): TReply {
  const { faults, state } = session.deps;
  if (faults.domainImapDisabled || state.getUser(user)?.imapDisabled) return no(IMAP_TEXT.domainDisabled);
  if (faults.isAccountNotEnabled(user)) return no(IMAP_TEXT.accountNotEnabled);
  if (faults.isOverQuota(user, 'login')) return no(IMAP_TEXT.overQuota);
  if (session.deps.sessionsOf(user) >= faults.maxConnectionsPerUser) return no(IMAP_TEXT.tooManyConnections);
  session.user = user;
  session.mailbox = session.deps.store.mailbox(user);
  session.deps.onAuthenticated(session);
  session.write(`* CAPABILITY ${capabilityList(true, session.deps.authMechanisms)}\r\n`);
  return ok(`${user} authenticated (Success)`);
}
