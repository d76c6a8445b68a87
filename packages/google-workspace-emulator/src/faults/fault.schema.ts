import { z } from 'zod';

export const ZFailureInjection = z.object({
  status: z.union([z.literal(429), z.literal(403), z.literal(500), z.literal(503)]),
  count: z.number().int().positive().default(1),
  /** An endpoint label or its prefix (`directory`, `directory.users.list`, `oauth.token`, `any`). */
  endpoint: z.string().min(1).default('directory'),
  retryAfterSeconds: z.number().int().min(0).default(1),
  /** Google answers quota errors with either reason, and sometimes with 403 instead of 429. */
  reason: z.enum(['rateLimitExceeded', 'userRateLimitExceeded']).default('rateLimitExceeded'),
});

export const ZListingBreak = z.object({
  listing: z.enum(['users', 'groups', 'members']).default('users'),
  /** Pages 1..afterPage succeed; the page token for the next page fails. */
  afterPage: z.number().int().min(1),
  /** Absent: fails for ever (a listing that breaks halfway); a number: fails that many times, then works. */
  times: z.number().int().positive().optional(),
  status: z.union([z.literal(400), z.literal(500), z.literal(503)]).default(503),
});

/**
 * Google's own time per Directory API request (about 0.3 s a page of users): each request waits
 * `fixedMs` plus a uniformly random 0..`jitterMs`, independently of the others, so concurrent
 * requests overlap as they do against Google.
 */
export const ZDirectoryLatency = z.object({
  fixedMs: z.number().int().min(0).default(0),
  jitterMs: z.number().int().min(0).default(0),
});

export const ZFaultPatch = z.object({
  reset: z.boolean().optional(),
  latencyMs: z.number().int().min(0).optional(),
  directoryLatency: ZDirectoryLatency.optional(),
  accessTokenLifetimeSeconds: z.number().int().positive().optional(),
  idTokenLifetimeSeconds: z.number().int().optional(),
  suspendedUsersCanSignIn: z.boolean().optional(),
  archivedUsersCanSignIn: z.boolean().optional(),
  failNext: ZFailureInjection.optional(),
  breakListing: ZListingBreak.optional(),
  imapDisabled: z.object({ user: z.string().min(1), disabled: z.boolean() }).optional(),
});

export type TFailureInjection = z.infer<typeof ZFailureInjection>;
export type TFailureInjectionInput = z.input<typeof ZFailureInjection>;
export type TListingBreak = z.infer<typeof ZListingBreak>;
export type TListingBreakInput = z.input<typeof ZListingBreak>;
export type TDirectoryLatency = z.infer<typeof ZDirectoryLatency>;
export type TDirectoryLatencyInput = z.input<typeof ZDirectoryLatency>;
export type TFaultPatch = z.input<typeof ZFaultPatch>;
