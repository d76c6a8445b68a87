import type {
  TChangeKind,
  TChangeOutcome,
  TDiffEntry,
  TRunStatus,
  TRunSummary,
  TSyncProgress,
} from '../../api/directory-sync';
import type { TBadgeTone } from '../../components/badge';

export const KIND_LABELS: Record<TChangeKind, string> = {
  CREATE: 'Create',
  UPDATE: 'Update',
  DELETE: 'Delete',
  KEEP: 'Keep',
  CONFLICT: 'Conflict',
};

export const KIND_TONES: Record<TChangeKind, TBadgeTone> = {
  CREATE: 'success',
  UPDATE: 'info',
  DELETE: 'danger',
  KEEP: 'neutral',
  CONFLICT: 'warning',
};

export const OUTCOME_LABELS: Record<TChangeOutcome, string> = {
  PLANNED: 'Planned',
  APPLIED: 'Applied',
  HELD: 'Awaiting confirmation',
  SKIPPED: 'Not applied',
};

const STATUS: Record<TRunStatus, { label: string; tone: TBadgeTone }> = {
  RUNNING: { label: 'Running', tone: 'info' },
  SUCCEEDED: { label: 'Succeeded', tone: 'success' },
  FAILED: { label: 'Failed', tone: 'danger' },
  HELD_FOR_CONFIRMATION: { label: 'Deletions held', tone: 'warning' },
};

export const statusOf = (status: TRunStatus) => STATUS[status];

const PHASES: Record<string, string> = {
  queued: 'Waiting to start',
  starting: 'Starting',
  'reading-users': 'Reading users from Google Workspace',
  'reading-groups': 'Reading the selected groups',
  'loading-database': 'Comparing with the archive’s users',
  planning: 'Planning changes',
  'recording-plan': 'Recording the plan',
  applying: 'Applying changes',
  finished: 'Finished',
};

export const phaseLabel = (phase: string) => PHASES[phase] ?? phase;

/** How far applying has got, in percent; null in the phases whose length is not known up front. */
export function progressPercent(progress: TSyncProgress): number | null {
  if (progress.phase !== 'applying' || progress.changesToApply <= 0) return null;
  return Math.min(100, Math.round((progress.changesApplied / progress.changesToApply) * 100));
}

// Runs are named for what they are, not for the button that started them: a dry run changed nothing.
export const runKindLabel = (run: Pick<TRunSummary, 'isDryRun' | 'trigger'>) =>
  run.isDryRun ? 'Dry run' : run.trigger === 'SCHEDULED' ? 'Scheduled' : 'Manual sync';

type TCountedKind = 'creates' | 'updates' | 'deletes';

const COUNT_VERBS: Record<TCountedKind, { done: string; would: string }> = {
  creates: { done: 'Created', would: 'Would create' },
  updates: { done: 'Updated', would: 'Would update' },
  deletes: { done: 'Deleted', would: 'Would delete' },
};

/** A counter's caption: what the run did, or for a dry run (which changes nothing) what it would do. */
export function countLabel(run: Pick<TRunSummary, 'isDryRun' | 'status'>, kind: TCountedKind): string {
  if (run.isDryRun) return COUNT_VERBS[kind].would;
  if (kind === 'deletes' && run.status === 'HELD_FOR_CONFIRMATION') return 'Held';
  return COUNT_VERBS[kind].done;
}

// Why the plan changes (or does not change) a user; the server's `reason` codes.
const REASON_LABELS: Record<string, string> = {
  NEW_IN_GOOGLE: 'New in Google Workspace',
  RETURNED: 'Returned (gets their archive folder back)',
  NAME_CHANGED: 'Name changed',
  PRIMARY_ADDRESS_CHANGED: 'Primary address changed',
  EMAILS_CHANGED: 'E-mail addresses changed',
  SUSPENDED: 'Suspended in Google Workspace',
  UNSUSPENDED: 'No longer suspended',
  ARCHIVED: 'Archived in Google Workspace',
  UNARCHIVED: 'No longer archived',
  ORG_UNIT_CHANGED: 'Organizational unit changed',
  LINKED: 'Linked to Google Workspace',
  DELETED_IN_GOOGLE: 'Deleted in Google Workspace',
  NOT_IN_SYNCED_GROUPS: 'No longer in a synced group',
  LOCAL_USER_EXISTS: 'A local user already exists',
  DUPLICATE_USER_NAME: 'Duplicate address in Google Workspace',
  USER_NAME_TAKEN: 'User name held by another directory user',
  STALE_USER_HOLDS_NAME: 'User name held by a user no longer in Google Workspace',
};

/** A reason code in words; a code this console does not know yet is shown as it is. */
export const reasonLabel = (reason: string) => REASON_LABELS[reason] ?? reason;

/** A run's reasons with their counts, most frequent first, for the "Why" summary. */
export const reasonRows = (byReason: Record<string, number>) =>
  Object.entries(byReason)
    .filter(([, count]) => count > 0)
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([reason, count]) => ({ reason, label: reasonLabel(reason), count }));

const FIELD_LABELS: Record<string, string> = {
  userName: 'User name',
  fullName: 'Full name',
  emails: 'E-mail addresses',
  isSuspended: 'Suspended',
  isArchived: 'Archived',
  orgUnitPath: 'Organizational unit',
  googleUserId: 'Google user id',
};

export const fieldLabel = (field: string) => FIELD_LABELS[field] ?? field;

export function diffValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${ms} ms`;
  const seconds = ms / 1_000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export const formatCount = (value: number) => value.toLocaleString('en-US');

export type TDiffRow = TDiffEntry & { label: string };

export const diffRows = (diff: TDiffEntry[] | null): TDiffRow[] =>
  (diff ?? []).map((entry) => ({ ...entry, label: fieldLabel(entry.field) }));
