import { z } from 'zod';

// Gmail's own limits, shown beside an Estimate so the admin sees why a big mailbox takes days.
export const GMAIL_DAILY_DOWNLOAD_MB = 2500;

const ZFolderPath = z.string().trim().min(1).max(500);
const ZScheduleTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (24-hour clock)');

export const ZArchiveGroup = z.object({
  id: z.string().min(1).max(200),
  email: z.string().min(1).max(320),
  name: z.string().max(500),
});

export const ZArchiveMailboxScope = z.enum(['ALL_SYNCED_USERS', 'GROUP_MEMBERS', 'CHOSEN_USERS']);
export const ZArchiveScheduleMode = z.enum(['OFF', 'HOURLY', 'DAILY']);

export const ZArchiveProfileInput = z
  .object({
    mailboxes: z.object({
      scope: ZArchiveMailboxScope,
      groups: z.array(ZArchiveGroup).max(200).default([]),
      userIds: z.array(z.uuid()).max(10_000).default([]),
      /** Only users holding the "archive" privilege, or every user the scope selects. */
      requireArchivePrivilege: z.boolean(),
    }),
    folders: z.object({
      includeSpam: z.boolean(),
      includeTrash: z.boolean(),
      include: z.array(ZFolderPath).max(200).default([]),
      exclude: z.array(ZFolderPath).max(200).default([]),
    }),
    schedule: z.object({ mode: ZArchiveScheduleMode, time: ZScheduleTime.default('02:00') }),
  })
  .superRefine((profile, ctx) => {
    if (profile.mailboxes.scope === 'GROUP_MEMBERS' && profile.mailboxes.groups.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['mailboxes', 'groups'],
        message: 'Choose at least one group, or archive all synchronized users.',
      });
    }
    if (profile.mailboxes.scope === 'CHOSEN_USERS' && profile.mailboxes.userIds.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['mailboxes', 'userIds'],
        message: 'Choose at least one user, or archive all synchronized users.',
      });
    }
  });
// No component id: with its defaults, the input and output shapes differ, and OpenAPI needs both.

export const ZArchiveProfile = z
  .object({
    mailboxes: z.object({
      scope: ZArchiveMailboxScope,
      groups: z.array(ZArchiveGroup),
      users: z.array(z.object({ id: z.string(), userName: z.string() })),
      requireArchivePrivilege: z.boolean(),
    }),
    folders: z.object({
      includeSpam: z.boolean(),
      includeTrash: z.boolean(),
      include: z.array(z.string()),
      exclude: z.array(z.string()),
    }),
    schedule: z.object({ mode: ZArchiveScheduleMode, time: z.string() }),
    limits: z.object({
      maxMailboxes: z.number().int(),
      connectionsPerAccount: z.number().int(),
      dailyBudgetMb: z.number().int(),
      gmailDailyDownloadMb: z.number().int(),
    }),
    updatedAt: z.iso.datetime().nullable(),
    updatedBy: z.string().nullable(),
    nextScheduledRunAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ArchiveProfile' });

export const ZArchiveRunStatus = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'INCOMPLETE', 'FAILED', 'PAUSED']);
export const ZArchiveMailboxStatus = z.enum([
  'QUEUED',
  'RUNNING',
  'COMPLETE',
  'INCOMPLETE',
  'FAILED',
  'PAUSED',
]);

const ZMailboxCounts = z.object({
  queued: z.number().int(),
  running: z.number().int(),
  complete: z.number().int(),
  incomplete: z.number().int(),
  failed: z.number().int(),
  paused: z.number().int(),
});

export const ZArchiveRunSummary = z
  .object({
    id: z.string(),
    isEstimate: z.boolean(),
    trigger: z.enum(['MANUAL', 'SCHEDULED']),
    status: ZArchiveRunStatus,
    requestedBy: z.string(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    mailboxCount: z.number().int(),
    mailboxes: ZMailboxCounts,
    totals: z.object({
      archived: z.number().int(),
      alreadyArchived: z.number().int(),
      failedMessages: z.number().int(),
      bytes: z.number(),
      /** Estimate: what the servers report; null until a mailbox has been read. */
      estimatedMessages: z.number().int().nullable(),
      estimatedBytes: z.number().nullable(),
      /** Messages and bytes done so far in running mailboxes (live progress). */
      progressMessagesDone: z.number().int(),
      progressMessagesTotal: z.number().int(),
    }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'ArchiveRunSummary' });

export const ZArchiveMailboxReport = z
  .object({
    id: z.string(),
    userId: z.string().nullable(),
    userName: z.string(),
    userEmail: z.string(),
    status: ZArchiveMailboxStatus,
    archived: z.number().int(),
    alreadyArchived: z.number().int(),
    failedCount: z.number().int(),
    failed: z.array(z.object({ folder: z.string(), uid: z.number().int(), reason: z.string() })),
    bytes: z.number(),
    durationMs: z.number().int().nullable(),
    folders: z.array(
      z.object({
        folder: z.string(),
        serverCount: z.number().int(),
        archivedCount: z.number().int(),
        missingUids: z.array(z.number().int()),
      }),
    ),
    progress: z
      .object({
        folder: z.string(),
        messagesDone: z.number().int(),
        messagesTotal: z.number().int(),
        bytesDone: z.number(),
      })
      .nullable(),
    /**
     * A running mailbox: the bytes still to download (from the average size so far) and the days
     * they take under the daily budget, so a big first run shows that it spreads over days.
     */
    remaining: z.object({ bytes: z.number(), expectedDays: z.number() }).nullable(),
    estimate: z
      .object({
        messages: z.number().int(),
        bytes: z.number(),
        isGmail: z.boolean().nullable(),
        /** Days the download takes under the daily budget (Gmail's limit is the ceiling). */
        expectedDays: z.number(),
      })
      .nullable(),
    problem: z
      .object({
        code: z.string(),
        message: z.string(),
        remedy: z.string(),
      })
      .nullable(),
    resumeAt: z.iso.datetime().nullable(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ArchiveMailboxReport' });

export const ZArchiveRunDetail = ZArchiveRunSummary.extend({
  items: z.array(ZArchiveMailboxReport),
  profile: z.unknown(),
}).meta({ id: 'ArchiveRunDetail' });

export const ZArchiveRunIdParams = z.object({ id: z.uuid() });
export const ZArchiveRunListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const ZArchiveRunList = z
  .object({
    items: z.array(ZArchiveRunSummary),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'ArchiveRunList' });
export const ZArchiveRunStarted = z
  .object({ runId: z.string(), mailboxCount: z.number().int() })
  .meta({ id: 'ArchiveRunStarted' });

export type TArchiveProfileInput = z.output<typeof ZArchiveProfileInput>;
export type TArchiveProfile = z.output<typeof ZArchiveProfile>;
export type TArchiveRunStatus = z.output<typeof ZArchiveRunStatus>;
export type TArchiveMailboxStatus = z.output<typeof ZArchiveMailboxStatus>;
export type TArchiveRunSummary = z.output<typeof ZArchiveRunSummary>;
export type TArchiveMailboxReport = z.output<typeof ZArchiveMailboxReport>;
export type TArchiveRunDetail = z.output<typeof ZArchiveRunDetail>;
export type TArchiveRunList = z.output<typeof ZArchiveRunList>;

export const ZArchiveRunDetailQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
  status: ZArchiveMailboxStatus.optional(),
});
export type TArchiveRunDetailQuery = z.output<typeof ZArchiveRunDetailQuery>;

export const ZArchiveRunProgress = z
  .object({ run: ZArchiveRunSummary, running: z.array(ZArchiveMailboxReport) })
  .meta({ id: 'ArchiveRunProgress' });
export type TArchiveRunProgress = z.output<typeof ZArchiveRunProgress>;

export type TArchiveGroup = z.output<typeof ZArchiveGroup>;
export type TArchiveMailboxScope = z.output<typeof ZArchiveMailboxScope>;
export type TArchiveScheduleMode = z.output<typeof ZArchiveScheduleMode>;
