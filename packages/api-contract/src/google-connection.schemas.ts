import { z } from 'zod';

// Every schema here picks its fields, so nothing else (above all the private key) can be serialised.

export const ZGoogleProblem = z
  .object({
    code: z.string(),
    message: z.string(),
    remedy: z.string().optional(),
  })
  .meta({ id: 'GoogleProblem' });

export type TGoogleProblem = z.output<typeof ZGoogleProblem>;

export const ZGoogleKeySummary = z
  .object({
    format: z.enum(['json', 'p12']),
    clientEmail: z.string(),
    clientId: z.string().describe("Paste into Google's domain-wide delegation page."),
    privateKeyId: z.string(),
    projectId: z.string().nullable(),
    tokenUri: z.string(),
    uploadedAt: z.iso.datetime(),
    uploadedBy: z.string(),
    ageDays: z.number().int(),
  })
  .meta({ id: 'GoogleKeySummary' });

export type TGoogleKeySummary = z.output<typeof ZGoogleKeySummary>;

export const ZGoogleKeyCandidate = ZGoogleKeySummary.extend({
  checkedAt: z.iso.datetime().nullable(),
  problem: ZGoogleProblem.nullable().describe('Why the candidate did not replace the active key.'),
}).meta({ id: 'GoogleKeyCandidate' });

export type TGoogleKeyCandidate = z.output<typeof ZGoogleKeyCandidate>;

export const ZSetupCheckItem = z
  .object({
    id: z
      .string()
      .describe(
        'Names the row (key-signs, admin-token, scope-mail, users-list, ...); rows are added as the connector learns new parts.',
      ),
    label: z.string(),
    status: z.enum(['passed', 'failed', 'skipped']),
    message: z.string(),
    remedy: z.string().optional(),
  })
  .meta({ id: 'GoogleSetupCheckItem' });

export type TSetupCheckItem = z.output<typeof ZSetupCheckItem>;

export const ZSetupCheckResult = z
  .object({
    isPassed: z.boolean(),
    checkedAt: z.iso.datetime(),
    items: z.array(ZSetupCheckItem),
  })
  .meta({ id: 'GoogleSetupCheckResult' });

export type TSetupCheckResult = z.output<typeof ZSetupCheckResult>;

export const ZStoredSetupCheck = ZSetupCheckResult.extend({
  isCurrent: z
    .boolean()
    .describe('False once the key or the admin user changed: the result no longer describes the connection.'),
}).meta({ id: 'GoogleStoredSetupCheck' });

export type TStoredSetupCheck = z.output<typeof ZStoredSetupCheck>;

export const ZGoogleConnection = z
  .object({
    key: ZGoogleKeySummary.nullable(),
    adminUser: z.string().nullable(),
    requiredScopes: z.array(z.string()),
    candidate: ZGoogleKeyCandidate.optional(),
    lastCheck: ZStoredSetupCheck.nullable().describe('The last Check setup, or null before the first one.'),
  })
  .meta({ id: 'GoogleConnection' });

export type TGoogleConnection = z.output<typeof ZGoogleConnection>;

export const ZKeyUploadOutcome = z.enum(['stored', 'rotated', 'candidate-rejected']);

export type TKeyUploadOutcome = z.output<typeof ZKeyUploadOutcome>;

export const ZKeyUploadResult = z
  .object({
    outcome: ZKeyUploadOutcome,
    message: z.string(),
    problem: ZGoogleProblem.optional(),
    connection: ZGoogleConnection,
  })
  .meta({ id: 'GoogleKeyUploadResult' });

export type TKeyUploadResult = z.output<typeof ZKeyUploadResult>;

const ZEmail = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'Enter the email address of a user of your Google Workspace domain.');

export const ZAdminUserBody = z.object({ adminUser: ZEmail });

export const ZSetupCheckBody = z
  .object({
    testUser: ZEmail.optional().describe(
      'An ordinary (non-admin) user to mint a mail token for; found through the directory when omitted.',
    ),
  })
  .optional();

export type TSetupCheckStatus = TSetupCheckItem['status'];
