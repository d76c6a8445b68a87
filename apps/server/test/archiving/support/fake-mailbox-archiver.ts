import type { TMailboxEstimate, TMailboxRunResult, TMailboxTarget } from '@wac/mail';
import type { TMailboxRunHooks } from '../../../src/modules/archiving';

type TScript = (
  target: TMailboxTarget,
  hooks: TMailboxRunHooks,
) => Promise<TMailboxRunResult> | TMailboxRunResult;

export function completeResult(partial: Partial<TMailboxRunResult> = {}): TMailboxRunResult {
  return {
    status: 'complete',
    archived: 10,
    alreadyArchived: 0,
    failed: [],
    bytes: 10_000,
    durationMs: 25,
    folders: [{ folder: '[Gmail]/All Mail', serverCount: 10, archivedCount: 10, missingUids: [] }],
    ...partial,
  };
}

/**
 * Stands in for @wac/mail's archiver in API tests: scripted results per mailbox, mailboxes that can
 * be held open until released, and a record of which mailboxes ran at the same time.
 */
export function createFakeMailboxArchiver() {
  const scripts = new Map<string, TScript>();
  const estimates = new Map<string, TMailboxEstimate>();
  const holds = new Map<string, { promise: Promise<void>; release: () => void }>();
  const active = new Map<string, number>();
  const calls: { userEmail: string; hooks: TMailboxRunHooks }[] = [];
  let maxActive = 0;
  let activeTotal = 0;
  let mailboxRunTwiceAtOnce = false;

  return {
    calls,
    get maxActive() {
      return maxActive;
    },
    get mailboxRunTwiceAtOnce() {
      return mailboxRunTwiceAtOnce;
    },
    script(userEmail: string, script: TScript) {
      scripts.set(userEmail, script);
    },
    estimate(userEmail: string, estimate: TMailboxEstimate) {
      estimates.set(userEmail, estimate);
    },
    /** The mailbox's next runs wait until release() is called. */
    hold(userEmail: string): () => void {
      let release = () => {};
      const promise = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.set(userEmail, { promise, release });
      return () => {
        holds.delete(userEmail);
        release();
      };
    },
    isRunning(userEmail: string): boolean {
      return (active.get(userEmail) ?? 0) > 0;
    },
    runMailbox: async (target: TMailboxTarget, hooks: TMailboxRunHooks): Promise<TMailboxRunResult> => {
      const email = target.userEmail;
      calls.push({ userEmail: email, hooks });
      const already = active.get(email) ?? 0;
      if (already > 0) mailboxRunTwiceAtOnce = true;
      active.set(email, already + 1);
      activeTotal += 1;
      maxActive = Math.max(maxActive, activeTotal);
      try {
        await holds.get(email)?.promise;
        const script = scripts.get(email);
        return script ? await script(target, hooks) : completeResult();
      } finally {
        active.set(email, (active.get(email) ?? 1) - 1);
        activeTotal -= 1;
      }
    },
    estimateMailbox: async (target: TMailboxTarget): Promise<TMailboxEstimate> =>
      estimates.get(target.userEmail) ?? {
        isGmail: true,
        folders: [{ folder: '[Gmail]/All Mail', messages: 100, bytes: 5 * 1024 * 1024 }],
      },
  };
}

export type TFakeMailboxArchiver = ReturnType<typeof createFakeMailboxArchiver>;
