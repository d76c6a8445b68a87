import type { TSendAttemptResult, TSmtpSender } from '@wac/mail';
import { retryDelayMs } from '@wac/mail';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TSendJob } from './send.jobs';
import { claimForAttempt, recordAttempt, type TSendAttemptEntry } from './send-message.repository';

export type TSendJobHandlerDeps = {
  prisma: TPrisma;
  clock: TClock;
  sender: Pick<TSmtpSender, 'sendOnce'>;
  /** Waits before each retry of a transient failure; when they are used up the message fails. */
  retryDelaysMs: readonly number[];
  enqueueRetry: (job: TSendJob, at: Date) => Promise<void>;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
};

/** One attempt at one message: claim the row, hand it to Gmail, record the outcome, maybe schedule a retry. */
export function createSendJobHandler(deps: TSendJobHandlerDeps) {
  return async (job: TSendJob): Promise<void> => {
    const id = job.sendMessageId;
    const claim = await claimForAttempt(deps.prisma, id, deps.clock.now());
    // Already sent, failed for good, or another worker holds it: a re-delivered job does nothing.
    if (claim === null) return;
    const result: TSendAttemptResult = await deps.sender.sendOnce(
      { raw: claim.raw, envelope: { from: claim.sender, to: claim.recipients } },
      claim.sender,
    );
    const at = deps.clock.now();
    const entry: TSendAttemptEntry = {
      at: at.toISOString(),
      outcome: result.status,
      reply: result.status === 'sent' ? result.reply : (result.problem.reply ?? null),
      problemCode: result.status === 'sent' ? null : result.problem.code,
      isOutcomeUncertain: result.status === 'failed' && result.isOutcomeUncertain,
      isAfterUncertain: claim.isAfterUncertain,
    };
    if (claim.isAfterUncertain) {
      deps.log.warn(
        { sendMessageId: id, attempt: claim.attempts },
        'send: retrying after an uncertain outcome; the message may arrive twice (same Message-ID)',
      );
    }
    if (result.status === 'sent') {
      await recordAttempt(deps.prisma, id, {
        status: 'SENT',
        entry,
        lastReply: result.reply,
        problem: null,
        refusedRecipients: result.refused,
        isUncertainRetry: claim.isAfterUncertain,
        nextAttemptAt: null,
        at,
      });
      return;
    }
    const { problem } = result;
    const delay = problem.isTransient ? retryDelayMs(claim.attempts + 1, deps.retryDelaysMs) : null;
    const nextAttemptAt = delay === null ? null : new Date(at.getTime() + delay);
    await recordAttempt(deps.prisma, id, {
      status: nextAttemptAt === null ? 'FAILED' : 'RETRYING',
      entry,
      lastReply: problem.reply ?? null,
      problem: {
        code: problem.code,
        message:
          nextAttemptAt === null && problem.isTransient
            ? `${problem.message} (gave up after ${claim.attempts} attempts)`
            : problem.message,
        remedy: problem.remedy,
      },
      refusedRecipients: problem.refusedRecipients ?? [],
      isUncertainRetry: claim.isAfterUncertain,
      nextAttemptAt,
      at,
    });
    if (nextAttemptAt !== null) await deps.enqueueRetry(job, nextAttemptAt);
  };
}
