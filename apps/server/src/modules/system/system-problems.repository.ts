import type { TDb } from '../../lib/db';

export type TProblemRow = {
  source: 'SYNC' | 'ARCHIVE' | 'SEND';
  at: Date;
  subject: string | null;
  code: string | null;
  message: string;
};

/**
 * The latest failures an operator should look at, across the three places work fails: directory
 * sync runs, mailboxes of archive runs (failed or incomplete, with their problem), and messages
 * Gmail refused for good. Each part is capped, then merged newest first.
 */
export async function listRecentProblems(db: TDb, limit: number): Promise<TProblemRow[]> {
  const [syncs, mailboxes, sends] = await Promise.all([
    db.syncRun.findMany({
      where: { status: 'FAILED' },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: {
        createdAt: true,
        finishedAt: true,
        errorCode: true,
        errorMessage: true,
        requestedByName: true,
      },
    }),
    db.archiveRunMailbox.findMany({
      where: { status: { in: ['FAILED', 'INCOMPLETE'] }, problemMessage: { not: null } },
      orderBy: { finishedAt: { sort: 'desc', nulls: 'last' } },
      take: limit,
      select: { finishedAt: true, startedAt: true, userEmail: true, problemCode: true, problemMessage: true },
    }),
    db.sendMessage.findMany({
      where: { status: 'FAILED' },
      orderBy: { updatedAt: 'desc' },
      take: limit,
      select: { updatedAt: true, sender: true, problemCode: true, problemMessage: true, lastReply: true },
    }),
  ]);
  const rows: TProblemRow[] = [
    ...syncs.map((run) => ({
      source: 'SYNC' as const,
      at: run.finishedAt ?? run.createdAt,
      subject: null,
      code: run.errorCode,
      message: run.errorMessage ?? 'The directory sync failed.',
    })),
    ...mailboxes.map((mailbox) => ({
      source: 'ARCHIVE' as const,
      at: mailbox.finishedAt ?? mailbox.startedAt ?? new Date(0),
      subject: mailbox.userEmail,
      code: mailbox.problemCode,
      message: mailbox.problemMessage ?? '',
    })),
    ...sends.map((message) => ({
      source: 'SEND' as const,
      at: message.updatedAt,
      subject: message.sender,
      code: message.problemCode,
      message: message.problemMessage ?? message.lastReply ?? 'The message could not be sent.',
    })),
  ];
  return rows.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}
