import type { TImapEndpoint, TMailboxProblem } from '../mailbox-archive.contract';
import type { TImapSession } from './imap-session.types';
import { openImapflowSession } from './imapflow.session';
import { classifyMailboxError, isConnectionError } from './mailbox-problem.classifier';

export type TMailboxAccessProbeDeps = {
  imap: TImapEndpoint;
  /** A delegated access token for the user with scope https://mail.google.com/. */
  getAccessToken: (userEmail: string) => Promise<string>;
  /** An admin waits for the answer: a host that swallows packets must not hold them for imapflow's 90 s. */
  timeoutMs?: number;
  openSession?: (endpoint: TImapEndpoint, user: string, accessToken: string) => Promise<TImapSession>;
};

export type TMailboxAccessResult =
  | { isOk: true; isGmail: boolean; folder: string; messages: number }
  | { isOk: false; problem: TMailboxProblem };

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * What the archiver does first, and nothing more: a delegated token, an XOAUTH2 login and a SELECT
 * of the folder it reads (Gmail's \All, else INBOX). Check setup runs it for one sample user, so
 * every refusal comes back classified like an archive run's, with the same remedy.
 */
export async function probeMailboxAccess(
  deps: TMailboxAccessProbeDeps,
  userEmail: string,
): Promise<TMailboxAccessResult> {
  // Held outside the attempt, so a session that opens after the answer was given up on is closed too.
  const opened: { session?: TImapSession } = {};
  let isLate = false;
  const attempt = (async (): Promise<TMailboxAccessResult> => {
    const accessToken = await deps.getAccessToken(userEmail);
    const session = await (deps.openSession ?? openImapflowSession)(deps.imap, userEmail, accessToken);
    opened.session = session;
    const folders = await session.listFolders();
    const all = folders.find((folder) => folder.selectable && folder.specialUse === '\\All');
    if (session.isGmail && all === undefined) {
      throw new Error(
        'The Gmail account shows no All Mail folder (\\All); is "Show in IMAP" off for All Mail?',
      );
    }
    const selected = await session.select(all?.path ?? 'INBOX');
    return { isOk: true, isGmail: session.isGmail, folder: selected.path, messages: selected.messages };
  })();
  const close = () => opened.session?.close().catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([attempt, timeout]);
    if (outcome !== 'timeout') return outcome;
    isLate = true;
    void attempt.catch(() => undefined).finally(close);
    return {
      isOk: false,
      problem: {
        code: 'CONNECTION_LOST',
        message: `No answer from the IMAP server ${deps.imap.host}:${deps.imap.port} within ${Math.round(timeoutMs / 1000)} s.`,
        remedy: `Check that this server can reach ${deps.imap.host}:${deps.imap.port} (firewall, proxy, DNS).`,
      },
    };
  } catch (error) {
    if (isConnectionError(error)) {
      const e = error as { code?: string; message?: string };
      return {
        isOk: false,
        problem: {
          code: 'CONNECTION_LOST',
          message: `Could not connect to the IMAP server ${deps.imap.host}:${deps.imap.port} (${deps.imap.secure ? 'TLS' : 'no TLS'}): ${e.code ?? e.message ?? String(error)}.`,
          remedy: `Check that this server can reach ${deps.imap.host}:${deps.imap.port} (firewall, proxy, DNS).`,
        },
      };
    }
    return { isOk: false, problem: classifyMailboxError(error, userEmail) };
  } finally {
    clearTimeout(timer);
    if (!isLate) await close();
  }
}
