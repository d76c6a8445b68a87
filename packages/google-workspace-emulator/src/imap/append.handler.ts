import { tokenText } from './command-parser';
import { selectableFolder } from './folder.handler';
import { parseImapDate } from './imap-format';
import { bad, no, ok, type TCommandHandler } from './imap-session';

/**
 * APPEND puts the message in Gmail once, labelled by the target folder (none for All Mail), and
 * answers with the UIDPLUS APPENDUID of that folder.
 */
export const appendHandler: TCommandHandler = async (session, command) => {
  const args = [...command.args];
  const path = tokenText(args.shift());
  if (path === undefined) return bad();
  const flags = args[0]?.type === 'list' ? args.shift() : undefined;
  const dateToken = args[0]?.type === 'string' ? args.shift() : undefined;
  const literal = args.shift();
  if (literal?.type !== 'literal' || args.length > 0) return bad();
  const internalDate = dateToken ? parseImapDate(tokenText(dateToken)!) : new Date();
  if (!internalDate) return bad();
  const mailbox = session.mailbox!;
  const folder = selectableFolder(mailbox, path);
  if (!folder) return no(`[TRYCREATE] Folder doesn't exist. (Failure)`);
  const label = mailbox.labelOfFolder(folder);
  const message = mailbox.add({
    // Its own copy: the literal is a view of the connection's read buffer.
    raw: Buffer.from(literal.value),
    labels: label ? [label] : [],
    flags:
      flags?.type === 'list' ? flags.items.flatMap((item) => (item.type === 'atom' ? [item.value] : [])) : [],
    internalDate,
  });
  return ok(`[APPENDUID ${folder.uidValidity} ${message.uids.get(folder.path)}] (Success)`);
};
