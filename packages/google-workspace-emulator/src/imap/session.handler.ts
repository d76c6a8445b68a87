import { capabilityList } from './capabilities';
import type { TToken } from './command-parser';
import { bad, type ImapSession, ok, type TCommandHandler } from './imap-session';

export const capabilityHandler: TCommandHandler = async (session) => {
  session.write(
    `* CAPABILITY ${capabilityList(session.user !== undefined, session.deps.authMechanisms)}\r\n`,
  );
  return ok();
};

export const noopHandler: TCommandHandler = async (session) => {
  reportNewMessages(session);
  return ok();
};

export const logoutHandler: TCommandHandler = async (session) => {
  session.write('* BYE LOGOUT Requested\r\n');
  session.isLoggingOut = true;
  return ok('73 good day (Success)');
};

export const idHandler: TCommandHandler = async (session) => {
  session.write('* ID ("name" "GImap" "vendor" "Google, Inc.")\r\n');
  return ok();
};

export const namespaceHandler: TCommandHandler = async (session) => {
  session.write('* NAMESPACE (("" "/")) NIL NIL\r\n');
  return ok();
};

/** Gmail enables CONDSTORE only; anything else asked for is ignored, as RFC 5161 says. */
export const enableHandler: TCommandHandler = async (session, command) => {
  const asked = command.args.map((arg: TToken) => (arg.type === 'atom' ? arg.value.toUpperCase() : ''));
  const enabled = asked.filter((name) => name === 'CONDSTORE');
  if (enabled.length > 0) session.isCondstoreEnabled = true;
  session.write(`* ENABLED${enabled.map((name) => ` ${name}`).join('')}\r\n`);
  return ok();
};

export const idleHandler: TCommandHandler = async (session) => {
  session.write('+ idling\r\n');
  reportNewMessages(session);
  const line = await session.readContinuation();
  if (line === null) return ok();
  if (line.toString('latin1').toUpperCase() !== 'DONE') return bad('Expected DONE');
  return ok('IDLE terminated (Success)');
};

/** `* n EXISTS` for messages added to the selected folder since the client last heard. */
export function reportNewMessages(session: ImapSession): void {
  const selected = session.selected;
  if (!selected) return;
  const count = selected.folder.entries.length;
  if (count !== selected.knownCount) {
    selected.knownCount = count;
    session.write(`* ${count} EXISTS\r\n`);
  }
}
