import { z } from 'zod';
import { DEFAULT_PRIVILEGE_CHOICES } from './privileges';

export const ZDefaultPrivilege = z.enum(DEFAULT_PRIVILEGE_CHOICES);
export const ZArchiveAccess = z.enum(['read', 'write', 'delete']);

export const ZSyncGroup = z.object({
  id: z.string().min(1).max(200),
  email: z.string().min(3).max(320),
  name: z.string().max(500),
});

export const ZSyncSchedule = z
  .object({
    mode: z.enum(['OFF', 'MINUTES', 'HOURS']),
    interval: z.number().int().min(1).max(1_440),
  })
  .refine((schedule) => schedule.mode !== 'MINUTES' || schedule.interval >= 5, {
    message: 'A schedule in minutes runs at most every 5 minutes.',
    path: ['interval'],
  })
  .refine((schedule) => schedule.mode !== 'HOURS' || schedule.interval <= 168, {
    message: 'A schedule in hours runs at least once a week (at most every 168 hours).',
    path: ['interval'],
  });

export const ZSyncSettingsInput = z.object({
  groups: z.array(ZSyncGroup).max(200),
  autoDelete: z.boolean(),
  defaultPrivileges: z.array(ZDefaultPrivilege).max(10),
  defaultArchiveAccess: z.array(ZArchiveAccess).max(3),
  deletionThreshold: z.object({
    percent: z.number().int().min(0).max(100),
    count: z.number().int().min(0).max(1_000_000),
  }),
  schedule: ZSyncSchedule,
});

export type TSyncSettingsInput = z.output<typeof ZSyncSettingsInput>;
/** What a client sends to save the settings. */
export type TSyncSettingsBody = z.input<typeof ZSyncSettingsInput>;

export const ZSyncSettings = ZSyncSettingsInput.extend({
  // Stored values are shown as they are, even a privilege this version no longer offers.
  defaultPrivileges: z.array(z.string()),
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: z.string().nullable(),
  /** When the schedule will next start a sync (null: schedule off). */
  nextScheduledRunAt: z.iso.datetime().nullable(),
}).meta({ id: 'DirectorySyncSettings' });

export type TSyncSettingsResponse = z.output<typeof ZSyncSettings>;

export const ZGroupListQuery = z.object({
  search: z.string().trim().max(200).optional().default(''),
});

export const ZGoogleGroup = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  directMembersCount: z.number().int().nullable(),
});

export const ZGroupListResponse = z
  .object({ items: z.array(ZGoogleGroup), total: z.number().int(), isTruncated: z.boolean() })
  .meta({ id: 'GoogleGroupList' });

export type TGroupListResponse = z.output<typeof ZGroupListResponse>;

export const ZRunStarted = z.object({ runId: z.string() }).meta({ id: 'SyncRunStarted' });

export const ZRunStatus = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'HELD_FOR_CONFIRMATION']);
export const ZChangeKind = z.enum(['CREATE', 'UPDATE', 'DELETE', 'KEEP', 'CONFLICT']);
export const ZChangeOutcome = z.enum(['PLANNED', 'APPLIED', 'HELD', 'SKIPPED']);

export const ZSyncProgress = z.object({
  phase: z.string(),
  pagesRead: z.number().int(),
  usersRead: z.number().int(),
  groupsRead: z.number().int(),
  usersPlanned: z.number().int(),
  changesToApply: z.number().int(),
  changesApplied: z.number().int(),
});

export const ZRunSummary = z
  .object({
    id: z.string(),
    isDryRun: z.boolean(),
    trigger: z.enum(['MANUAL', 'SCHEDULED']),
    status: ZRunStatus,
    requestedBy: z.string(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
    progress: ZSyncProgress,
    counts: z.object({
      googleUsers: z.number().int(),
      creates: z.number().int(),
      updates: z.number().int(),
      deletes: z.number().int(),
      kept: z.number().int(),
      conflicts: z.number().int(),
      unchanged: z.number().int(),
      heldDeletions: z.number().int(),
      applied: z.number().int(),
    }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    confirmedBy: z.string().nullable(),
    confirmedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'SyncRunSummary' });

export type TRunSummary = z.output<typeof ZRunSummary>;

export const ZRunListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const ZRunListResponse = z.object({
  items: z.array(ZRunSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export type TRunListResponse = z.output<typeof ZRunListResponse>;

export const ZRunIdParams = z.object({ id: z.uuid() });

export const ZRunDetailQuery = z.object({
  kind: ZChangeKind.optional(),
  search: z.string().trim().max(200).optional().default(''),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type TRunDetailQuery = z.output<typeof ZRunDetailQuery>;

export const ZDiffEntry = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });

export const ZSyncChange = z.object({
  id: z.string(),
  kind: ZChangeKind,
  outcome: ZChangeOutcome,
  userId: z.string().nullable(),
  userName: z.string(),
  reason: z.string(),
  reasonText: z.string(),
  diff: z.array(ZDiffEntry).nullable(),
});

export const ZRunDetail = ZRunSummary.extend({
  byReason: z.record(z.string(), z.number().int()),
  settings: z.object({
    groups: z.array(ZSyncGroup),
    autoDelete: z.boolean(),
    defaultPrivileges: z.array(z.string()),
  }),
  changes: z.object({
    items: z.array(ZSyncChange),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    kind: ZChangeKind.nullable(),
  }),
}).meta({ id: 'SyncRunDetail' });

export type TRunDetail = z.output<typeof ZRunDetail>;

export type TArchiveAccess = z.output<typeof ZArchiveAccess>;
export type TSyncGroup = z.output<typeof ZSyncGroup>;
export type TScheduleMode = z.output<typeof ZSyncSchedule>['mode'];
export type TGoogleGroup = z.output<typeof ZGoogleGroup>;
export type TRunStatus = z.output<typeof ZRunStatus>;
export type TChangeKind = z.output<typeof ZChangeKind>;
export type TChangeOutcome = z.output<typeof ZChangeOutcome>;
export type TSyncProgress = z.output<typeof ZSyncProgress>;
export type TDiffEntry = z.output<typeof ZDiffEntry>;
export type TSyncChange = z.output<typeof ZSyncChange>;
export type TRunStarted = z.output<typeof ZRunStarted>;

/** One change of one run; change ids are bigint sequence numbers, sent as strings. */
export const ZRunChangeParams = z.object({ id: z.uuid(), changeId: z.string().regex(/^\d{1,18}$/) });

export const ZStaleUserRemoved = z
  .object({ userId: z.string(), userName: z.string(), archiveFolderId: z.string().nullable() })
  .meta({ id: 'StaleUserRemoved' });

export type TStaleUserRemoved = z.output<typeof ZStaleUserRemoved>;

/** The groups an admin has chosen (saved or not), to check what they select before a run. */
export const ZGroupScopeInput = z.object({ groups: z.array(ZSyncGroup).min(1).max(200) });

export const ZGroupScope = z
  .object({
    /** Chosen groups that hold "everyone in the organisation" (a CUSTOMER member), nested included. */
    wholeCustomerGroupIds: z.array(z.string()),
    /** Users the groups select, nested groups included (everyone when a group holds the organisation). */
    userCount: z.number().int(),
  })
  .meta({ id: 'SyncGroupScope' });

export type TGroupScopeInput = z.output<typeof ZGroupScopeInput>;
export type TGroupScope = z.output<typeof ZGroupScope>;
