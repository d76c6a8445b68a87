import { z } from 'zod';

// Reading the archive: search, the message viewer, export, restore and the access log. The same
// shapes serve a user's own archive (/api/me/archive) and admins and auditors (/api/archive).

/** An archived message's id: the blob address (keyed SHA-256, hex). */
export const ZArchivedMessageId = z.string().regex(/^[0-9a-f]{64}$/, 'not an archived message id');

export const ZArchiveSearchQuery = z.object({
  q: z.string().max(2_000).default(''),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  /** Admins and auditors: only this archive; users: one of theirs. */
  archiveFolderId: z.uuid().optional(),
  /** IANA zone for after:/before: days (the browser's); the server's when absent. */
  timeZone: z.string().max(64).optional(),
});

export const ZSnippetPart = z.object({ text: z.string(), isMatch: z.boolean() });

export const ZArchiveRef = z.object({ id: z.uuid(), name: z.string() });

export const ZArchiveHit = z.object({
  messageId: ZArchivedMessageId,
  date: z.iso.datetime().nullable(),
  from: z.object({ name: z.string().nullable(), address: z.string().nullable() }),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string().nullable(),
  snippet: z.array(ZSnippetPart),
  hasAttachments: z.boolean(),
  size: z.number().int(),
  labels: z.array(z.string()),
  folders: z.array(z.string()),
  archives: z.array(ZArchiveRef),
});

export const ZArchiveSearchResult = z.object({
  hits: z.array(ZArchiveHit),
  nextCursor: z.string().nullable(),
  /** Exact up to the bound; isExact false reads "more than value". */
  count: z.object({ value: z.number().int(), isExact: z.boolean() }),
});

export const ZMessageParams = z.object({ messageId: ZArchivedMessageId });
export const ZAttachmentParams = z.object({
  messageId: ZArchivedMessageId,
  index: z.coerce.number().int().min(0).max(10_000),
});
export const ZMessageBodyQuery = z.object({ remote: z.enum(['allow', 'block']).default('block') });

export const ZMessageAttachment = z.object({
  index: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Shown in the body (cid:) rather than listed by the sender as an attachment. */
  isInline: z.boolean(),
});

export const ZMessageCopy = z.object({
  archive: ZArchiveRef,
  folder: z.string(),
  labels: z.array(z.string()),
  flags: z.array(z.string()),
});

export const ZArchivedMessageView = z.object({
  messageId: ZArchivedMessageId,
  subject: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  cc: z.string().nullable(),
  date: z.iso.datetime().nullable(),
  /** Every header in order, as written (decoded words decoded). */
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  text: z.string().nullable(),
  hasHtml: z.boolean(),
  /** Remote images and styles the sanitised HTML would load; blocked until the reader allows them. */
  remoteContentCount: z.number().int(),
  attachments: z.array(ZMessageAttachment),
  copies: z.array(ZMessageCopy),
  size: z.number().int(),
});

export const ZThreadMessage = z.object({
  messageId: ZArchivedMessageId,
  date: z.iso.datetime().nullable(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  isCurrent: z.boolean(),
});

export const ZArchiveThread = z.object({
  /** X-GM-THRID when Gmail gave one, else REFERENCES. */
  groupedBy: z.enum(['GMAIL_THREAD', 'REFERENCES', 'NONE']),
  messages: z.array(ZThreadMessage),
});

export const ZReadableArchive = z.object({
  id: z.uuid(),
  name: z.string(),
  ownerUserName: z.string(),
  /** The reader may restore this archive into its owner's Gmail. */
  canRestore: z.boolean(),
});
export const ZReadableArchiveList = z.object({
  items: z.array(ZReadableArchive),
  canExport: z.boolean(),
  isAllArchives: z.boolean(),
});

/** What to export or restore. */
export const ZArchiveSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('MESSAGES'), messageIds: z.array(ZArchivedMessageId).min(1).max(1_000) }),
  z.object({ kind: z.literal('FOLDER'), archiveFolderId: z.uuid(), folder: z.string().max(500).optional() }),
  z.object({ kind: z.literal('LABEL'), archiveFolderId: z.uuid(), label: z.string().min(1).max(500) }),
  z.object({
    kind: z.literal('SEARCH'),
    query: z.string().max(2_000),
    archiveFolderId: z.uuid().optional(),
    timeZone: z.string().max(64).optional(),
  }),
]);

export const ZArchiveExportInput = z.object({
  format: z.enum(['MBOX', 'ZIP']),
  selection: ZArchiveSelection,
});

export const ZArchiveExport = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  createdByName: z.string(),
  format: z.enum(['MBOX', 'ZIP']),
  description: z.string(),
  status: z.enum(['PREPARING', 'READY', 'FAILED']),
  totalMessages: z.number().int(),
  doneMessages: z.number().int(),
  bytes: z.number().int(),
  fileName: z.string(),
  error: z.string().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  downloads: z.number().int(),
});
export const ZArchiveExportList = z.object({ items: z.array(ZArchiveExport) });
export const ZExportParams = z.object({ exportId: z.uuid() });

export const ZArchiveRestoreInput = z.object({
  /** The archive whose owner's Gmail receives the messages. */
  archiveFolderId: z.uuid(),
  selection: ZArchiveSelection,
});

export const ZArchiveRestore = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  createdByName: z.string(),
  archiveFolderId: z.uuid(),
  mailbox: z.string(),
  description: z.string(),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']),
  totalMessages: z.number().int(),
  appended: z.number().int(),
  alreadyPresent: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export const ZArchiveRestoreList = z.object({ items: z.array(ZArchiveRestore) });
export const ZRestoreParams = z.object({ restoreId: z.uuid() });

export const ARCHIVE_ACCESS_ACTIONS = [
  'SEARCH',
  'OPEN',
  'THREAD',
  'ATTACHMENT',
  'RAW',
  'EXPORT',
  'EXPORT_DOWNLOAD',
  'RESTORE',
] as const;
export const ARCHIVE_ACCESS_RESULTS = ['ALLOWED', 'DENIED', 'FAILED'] as const;

export const ZAccessLogQuery = z.object({
  actor: z.string().max(200).optional(),
  action: z.enum(ARCHIVE_ACCESS_ACTIONS).optional(),
  result: z.enum(ARCHIVE_ACCESS_RESULTS).optional(),
  archiveFolderId: z.uuid().optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  /** The id of the last entry of the previous page. */
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ZAccessLogEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string(),
  area: z.enum(['OWN', 'ALL']),
  action: z.enum(ARCHIVE_ACCESS_ACTIONS),
  result: z.enum(ARCHIVE_ACCESS_RESULTS),
  archiveFolderIds: z.array(z.uuid()),
  messageId: z.string().nullable(),
  query: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export const ZAccessLogPage = z.object({
  items: z.array(ZAccessLogEntry),
  nextBefore: z.string().nullable(),
});

export type TArchiveSearchQuery = z.infer<typeof ZArchiveSearchQuery>;
export type TArchiveHit = z.infer<typeof ZArchiveHit>;
export type TArchiveSearchResult = z.infer<typeof ZArchiveSearchResult>;
export type TArchivedMessageView = z.infer<typeof ZArchivedMessageView>;
export type TMessageAttachment = z.infer<typeof ZMessageAttachment>;
export type TArchiveThread = z.infer<typeof ZArchiveThread>;
export type TReadableArchive = z.infer<typeof ZReadableArchive>;
export type TReadableArchiveList = z.infer<typeof ZReadableArchiveList>;
export type TArchiveSelection = z.infer<typeof ZArchiveSelection>;
export type TArchiveExportInput = z.infer<typeof ZArchiveExportInput>;
export type TArchiveExport = z.infer<typeof ZArchiveExport>;
export type TArchiveRestoreInput = z.infer<typeof ZArchiveRestoreInput>;
export type TArchiveRestore = z.infer<typeof ZArchiveRestore>;
export type TAccessLogQuery = z.infer<typeof ZAccessLogQuery>;
export type TAccessLogEntry = z.infer<typeof ZAccessLogEntry>;
export type TAccessLogPage = z.infer<typeof ZAccessLogPage>;
export type TArchiveAccessAction = (typeof ARCHIVE_ACCESS_ACTIONS)[number];
export type TArchiveAccessResult = (typeof ARCHIVE_ACCESS_RESULTS)[number];
