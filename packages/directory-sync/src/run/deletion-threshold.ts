import type { TSyncSettings } from '../settings/sync-settings.types';

/**
 * A sudden wave of deletions usually means Google answered badly or a filter was mistyped, not
 * that half the company left: above either limit the deletions wait for an admin.
 */
export function exceedsDeletionThreshold(
  deletions: number,
  directoryUsers: number,
  threshold: TSyncSettings['deletionThreshold'],
): boolean {
  if (deletions === 0) return false;
  return deletions > threshold.count || deletions * 100 > directoryUsers * threshold.percent;
}
