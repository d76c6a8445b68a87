import type { TGoogleConnection, TSetupCheckItem } from '../../api/google-connection';
import type { TBadgeTone } from '../../components/badge';
import { formatDateTime } from '../../lib/format-date';

// Google's own advice for service-account keys: rotate at least every 90 days.
export const KEY_ROTATION_DAYS = 90;

const SCOPE_PURPOSES: Record<string, string> = {
  'https://www.googleapis.com/auth/admin.directory.user.readonly':
    'Read users, for directory synchronization',
  'https://www.googleapis.com/auth/admin.directory.group.readonly': 'Read groups, for group filters',
  'https://mail.google.com/': 'Gmail over IMAP and SMTP, for archiving and sending',
};

export function scopePurpose(scope: string): string {
  return SCOPE_PURPOSES[scope] ?? 'Required by the connector';
}

/** Google's delegation form takes the scopes in one field, separated by commas. */
export function scopesForDelegationForm(scopes: readonly string[]): string {
  return scopes.join(',');
}

export function keyAgeText(ageDays: number): string {
  if (ageDays <= 0) return 'Uploaded today';
  return ageDays === 1 ? '1 day old' : `${ageDays} days old`;
}

export function isKeyDueForRotation(ageDays: number): boolean {
  return ageDays >= KEY_ROTATION_DAYS;
}

export function keyFormatLabel(format: 'json' | 'p12'): string {
  return format === 'p12' ? 'P12 (legacy)' : 'JSON';
}

export function isP12FileName(fileName: string): boolean {
  return /\.(p12|pfx)$/i.test(fileName);
}

export function checkSummary(items: readonly TSetupCheckItem[]): string {
  const failed = items.filter((item) => item.status === 'failed').length;
  const skipped = items.filter((item) => item.status === 'skipped').length;
  if (failed === 0 && skipped === 0) return `All ${items.length} checks passed.`;
  const parts = [`${failed} of ${items.length} ${items.length === 1 ? 'check' : 'checks'} failed`];
  if (skipped > 0) parts.push(`${skipped} skipped`);
  return `${parts.join(', ')}.`;
}

export function checkStatusLabel(status: TSetupCheckItem['status']): string {
  return { passed: 'Passed', failed: 'Failed', skipped: 'Skipped' }[status];
}

/** What is still missing before the connector can read the directory; empty when nothing is. */
export function missingConnectionParts(connection: Pick<TGoogleConnection, 'key' | 'adminUser'>): string[] {
  return [
    connection.key ? null : 'the service-account key',
    connection.adminUser ? null : 'the admin user',
  ].filter((part): part is string => part !== null);
}

/**
 * The Google connection tab's badge: what is missing, else what the last Check setup of this key
 * and admin user found; none before the first check (or after a change made the last one stale).
 */
export function connectionBadge(
  connection: Pick<TGoogleConnection, 'key' | 'adminUser' | 'lastCheck'>,
): { tone: TBadgeTone; text: string } | null {
  if (missingConnectionParts(connection).length > 0) return { tone: 'warning', text: 'Not set up' };
  const check = connection.lastCheck;
  if (!check?.isCurrent) return null;
  return check.isPassed
    ? { tone: 'success', text: `Verified ${formatDateTime(check.checkedAt)}` }
    : { tone: 'danger', text: 'Check failed' };
}
