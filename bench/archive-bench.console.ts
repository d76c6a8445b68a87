// What the console does for archiving, over real HTTP: save a profile naming the mailboxes, Run now,
// and poll the run's report until it is over. Nothing here reaches into the server's internals.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TConsoleClient } from './sync-bench.console';

export type TArchiveMailboxReport = {
  userEmail: string;
  status: string;
  archived: number;
  alreadyArchived: number;
  failedCount: number;
  bytes: number;
  durationMs: number | null;
  problem: { code: string; message: string } | null;
};

export type TArchiveRun = {
  id: string;
  status: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  totals: { archived: number; alreadyArchived: number; failedMessages: number; bytes: number };
  items: TArchiveMailboxReport[];
};

const OVER = new Set(['SUCCEEDED', 'INCOMPLETE', 'FAILED', 'PAUSED']);

export function createArchiveConsole(console_: TConsoleClient) {
  return {
    /** Chosen users, every folder (plain IMAP), no schedule: what an admin sets up for a test run. */
    async chooseMailboxes(userIds: string[]): Promise<void> {
      await console_.request('/api/archiving/profile', {
        method: 'PUT',
        body: {
          mailboxes: { scope: 'CHOSEN_USERS', userIds, groups: [], requireArchivePrivilege: false },
          folders: { includeSpam: false, includeTrash: false, include: [], exclude: [] },
          schedule: { mode: 'OFF', time: '02:00' },
        },
      });
    },

    async runNow(): Promise<string> {
      const started = await console_.request<{ runId: string }>(
        '/api/archiving/run',
        { method: 'POST' },
        202,
      );
      return started.runId;
    },

    async waitForRun(runId: string, timeoutMs: number, pollMs = 200): Promise<TArchiveRun> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = await console_.request<TArchiveRun>(`/api/archiving/runs/${runId}?pageSize=100`);
        if (OVER.has(run.status) && run.finishedAt !== null) return run;
        if (Date.now() > deadline)
          throw new Error(`archive run ${runId} still ${run.status} after ${timeoutMs} ms`);
        await sleep(pollMs);
      }
    },
  };
}
