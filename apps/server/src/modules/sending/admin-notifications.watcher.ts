import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import {
  claimNotification,
  findUnnotifiedMailboxProblems,
  findUnnotifiedSyncProblems,
  isNotified,
  linkNotificationMessage,
} from './admin-notification.repository';
import { findSendSettings } from './send-settings.repository';
import type { TSendingService } from './sending.service';

const LOOK_BACK_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
// Google keys are best rotated yearly; a week's notice leaves time to create and upload a new one.
export const KEY_AGE_WARNING_DAYS = 358;

export type TActiveKeyInfo = {
  privateKeyId: string;
  clientEmail: string;
  uploadedAt: string;
  ageDays: number;
};

export type TAdminNotificationsDeps = {
  prisma: TPrisma;
  clock: TClock;
  sending: Pick<TSendingService, 'sendInternal'>;
  /** The active service-account key, or null when none is uploaded. */
  activeKey: () => Promise<TActiveKeyInfo | null>;
  log: { warn(obj: object, msg?: string): void };
};

type TNotice = { key: string; kind: 'sync' | 'mailbox' | 'key-age'; subject: string; text: string };

/**
 * The product's own mail to its admins. It watches the sync and archive history rather than being
 * called by those modules, so a notification never slows or breaks a run, and each thing is notified
 * once across every instance (send_notifications holds the keys). Sent through the send queue from
 * the configured notification sender, under the same limits as any other sender.
 */
export function createAdminNotifications(deps: TAdminNotificationsDeps) {
  const { prisma, clock } = deps;

  async function collect(settings: Awaited<ReturnType<typeof findSendSettings>>): Promise<TNotice[]> {
    const since = new Date(clock.now().getTime() - LOOK_BACK_MS);
    const notices: TNotice[] = [];
    if (settings.notifySyncProblems) {
      for (const run of await findUnnotifiedSyncProblems(prisma, since)) {
        const isHeld = run.status === 'HELD_FOR_CONFIRMATION';
        notices.push({
          key: `sync-run:${run.id}`,
          kind: 'sync',
          subject: isHeld
            ? `User synchronization held ${run.heldDeletionCount} deletion(s) for confirmation`
            : 'User synchronization failed',
          text: isHeld
            ? `The user synchronization run ${run.id} planned to delete ${run.heldDeletionCount} user(s) and holds them until an administrator confirms.\n\nOpen Directory Services > User synchronization to review and confirm or discard them.`
            : `The user synchronization run ${run.id} failed: ${run.errorMessage ?? 'see the run history'}.\n\nOpen Directory Services > User synchronization for details.`,
        });
      }
    }
    if (settings.notifyMailboxProblems) {
      for (const mailbox of await findUnnotifiedMailboxProblems(prisma, since)) {
        const isQuota = mailbox.status === 'PAUSED';
        notices.push({
          key: `mailbox:${mailbox.id}`,
          kind: 'mailbox',
          subject: isQuota
            ? `Archiving ${mailbox.userEmail} paused on Gmail's quota`
            : `Archiving ${mailbox.userEmail} stayed incomplete`,
          text: [
            isQuota
              ? `Archiving the mailbox ${mailbox.userEmail} paused because Gmail's quota was reached; it resumes by itself.`
              : `Archiving the mailbox ${mailbox.userEmail} ended incomplete (${mailbox.failedCount} message(s) not archived).`,
            mailbox.problemMessage ?? '',
            mailbox.problemRemedy ? `What to do: ${mailbox.problemRemedy}` : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
        });
      }
    }
    if (settings.notifyKeyAge) {
      const key = await deps.activeKey();
      if (key && key.ageDays >= KEY_AGE_WARNING_DAYS) {
        const noticeKey = `key-age:${key.privateKeyId}`;
        if (!(await isNotified(prisma, noticeKey))) {
          const yearOld = new Date(new Date(key.uploadedAt).getTime() + 365 * DAY_MS);
          notices.push({
            key: noticeKey,
            kind: 'key-age',
            subject: 'The Google service-account key is almost a year old',
            text: `The service-account key ${key.privateKeyId} of ${key.clientEmail} was uploaded on ${key.uploadedAt.slice(0, 10)} and is a year old on ${yearOld.toISOString().slice(0, 10)}.\n\nCreate a new key for the service account in the Google Cloud console, upload it under Directory Services > Google connection, then delete the old key in Google.`,
          });
        }
      }
    }
    return notices;
  }

  return {
    /** One pass: sends what is new and enabled. Returns the keys it sent (for tests and logs). */
    async checkNow(): Promise<string[]> {
      const settings = await findSendSettings(prisma);
      const sender = settings.notificationSender;
      if (sender === null || settings.notificationRecipients.length === 0) return [];
      const sent: string[] = [];
      for (const notice of await collect(settings)) {
        if (!(await claimNotification(prisma, notice.key, notice.kind, clock.now()))) continue;
        try {
          const accepted = await deps.sending.sendInternal({
            source: 'NOTIFICATION',
            from: { name: 'Workspace Archive Connector', address: sender },
            to: settings.notificationRecipients.map((address) => ({ name: '', address })),
            subject: notice.subject,
            text: notice.text,
          });
          await linkNotificationMessage(prisma, notice.key, accepted.id);
          sent.push(notice.key);
        } catch (error) {
          // A refused notification (a limit, say) is logged and not retried: the console shows the state.
          deps.log.warn({ err: error, key: notice.key }, 'notification not sent');
        }
      }
      return sent;
    },
  };
}

export type TAdminNotifications = ReturnType<typeof createAdminNotifications>;
