import type { TDb } from '../../lib/db';

export type TSyncProblemRow = {
  id: string;
  status: 'FAILED' | 'HELD_FOR_CONFIRMATION';
  finishedAt: Date | null;
  heldDeletionCount: number;
  errorMessage: string | null;
};

export type TMailboxProblemRow = {
  id: string;
  userEmail: string;
  status: 'INCOMPLETE' | 'PAUSED';
  problemCode: string | null;
  problemMessage: string | null;
  problemRemedy: string | null;
  failedCount: number;
};

// Only what happened recently: a first start of the watcher must not mail about last year's runs.
export async function findUnnotifiedSyncProblems(db: TDb, since: Date): Promise<TSyncProblemRow[]> {
  return db.$queryRaw<TSyncProblemRow[]>`
    SELECT r.id, r.status::text AS status, r.finished_at AS "finishedAt",
           r.held_deletion_count AS "heldDeletionCount", r.error_message AS "errorMessage"
    FROM sync_runs r
    WHERE NOT r.is_dry_run
      AND r.status IN ('FAILED', 'HELD_FOR_CONFIRMATION')
      AND COALESCE(r.finished_at, r.created_at) > ${since}
      AND NOT EXISTS (SELECT 1 FROM send_notifications n WHERE n.key = 'sync-run:' || r.id::text)
    ORDER BY r.created_at
    LIMIT 20`;
}

/** Mailboxes that stayed incomplete, or paused on Gmail's quota, in recent real (not estimate) runs. */
export async function findUnnotifiedMailboxProblems(db: TDb, since: Date): Promise<TMailboxProblemRow[]> {
  return db.$queryRaw<TMailboxProblemRow[]>`
    SELECT m.id, m.user_email AS "userEmail", m.status::text AS status, m.problem_code AS "problemCode",
           m.problem_message AS "problemMessage", m.problem_remedy AS "problemRemedy",
           m.failed_count AS "failedCount"
    FROM archive_run_mailboxes m JOIN archive_runs r ON r.id = m.run_id
    WHERE NOT r.is_estimate
      AND (m.status = 'INCOMPLETE' OR (m.status = 'PAUSED' AND m.problem_code = 'OVER_QUOTA'))
      AND COALESCE(m.finished_at, m.heartbeat_at) > ${since}
      AND NOT EXISTS (SELECT 1 FROM send_notifications n WHERE n.key = 'mailbox:' || m.id::text)
    ORDER BY m.heartbeat_at
    LIMIT 50`;
}

export async function isNotified(db: TDb, key: string): Promise<boolean> {
  return (await db.sendNotification.count({ where: { key } })) > 0;
}

/** Claims the key; false when another instance got there first. */
export async function claimNotification(db: TDb, key: string, kind: string, at: Date): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO send_notifications (key, kind, sent_at) VALUES (${key}, ${kind}, ${at})
    ON CONFLICT (key) DO NOTHING`;
  return inserted === 1;
}

export async function linkNotificationMessage(db: TDb, key: string, sendMessageId: string): Promise<void> {
  await db.sendNotification.update({ where: { key }, data: { sendMessageId } });
}
