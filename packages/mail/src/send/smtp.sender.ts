import nodemailer from 'nodemailer';
import type { TComposedMessage } from './outgoing-message.composer';
import type { TSendAttemptResult } from './send-problem.types';
import { type TSmtpEndpoint, transportOptionsOf } from './smtp-endpoint';
import { classifySendError, refusalsOf, type TSendContext } from './smtp-reply.classifier';

export type TSmtpSenderDeps = {
  endpoint: TSmtpEndpoint;
  /** A delegated token for the sender with the scope https://mail.google.com/ (sub = the sender). */
  getAccessToken: (sender: string) => Promise<string>;
  /** The service account's Client ID, for the remedy when Gmail refuses the token. */
  clientId?: () => Promise<string | undefined>;
};

type TLogEntry = { tnx?: string };

/**
 * nodemailer logs `tnx: 'message'` once the whole message stream went into the socket. A connection
 * that drops after that and before Gmail's reply leaves the outcome unknown: the message may be
 * delivered. Before it, Gmail cannot have accepted anything.
 */
function createPhaseLogger() {
  const phase = { isBodySent: false };
  const note = (entry: unknown) => {
    if ((entry as TLogEntry | undefined)?.tnx === 'message') phase.isBodySent = true;
  };
  const logger = {
    trace: note,
    debug: note,
    info: note,
    warn: note,
    error: note,
    fatal: note,
    level: () => {},
  };
  return { phase, logger };
}

/**
 * One attempt to hand a composed message to Gmail's SMTP server as its sender, with XOAUTH2 on a
 * delegated token. One connection per attempt: Gmail authenticates per user, and a job may run on
 * any instance. Never throws: the result says what happened and whether to retry.
 */
export function createSmtpSender(deps: TSmtpSenderDeps) {
  return {
    async sendOnce(
      message: Pick<TComposedMessage, 'raw' | 'envelope'>,
      sender: string,
    ): Promise<TSendAttemptResult> {
      const context: TSendContext = { sender };
      const { phase, logger } = createPhaseLogger();
      let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
      try {
        const accessToken = await deps.getAccessToken(sender);
        transport = nodemailer.createTransport({
          ...transportOptionsOf(deps.endpoint),
          auth: { type: 'OAuth2', user: sender, accessToken },
          logger,
        });
        const info = await transport.sendMail({ envelope: message.envelope, raw: message.raw });
        return {
          status: 'sent',
          reply: String(info.response ?? ''),
          accepted: (info.accepted ?? []).map(String),
          refused: refusalsOf({ rejectedErrors: (info as { rejectedErrors?: unknown[] }).rejectedErrors }),
        };
      } catch (error) {
        const clientId = await deps.clientId?.().catch(() => undefined);
        const problem = classifySendError(error, { ...context, ...(clientId ? { clientId } : {}) });
        return {
          status: 'failed',
          problem,
          isOutcomeUncertain: problem.code === 'CONNECTION_LOST' && phase.isBodySent,
        };
      } finally {
        transport?.close();
      }
    },
  };
}

export type TSmtpSender = ReturnType<typeof createSmtpSender>;
