import { z } from 'zod';

const ZUserRef = z.object({ id: z.string(), userName: z.string() });

export const ZOidcTestRun = z
  .object({
    id: z.string(),
    status: z.enum(['PENDING', 'SUCCEEDED', 'DENIED']),
    targetUser: ZUserRef,
    loginHint: z.string().nullable(),
    /** A TOidcDenialCode when DENIED. */
    reasonCode: z.string().nullable(),
    message: z.string().nullable(),
    /** Who the Google account would sign in as; may differ from targetUser if another account was picked. */
    matchedUser: ZUserRef.nullable(),
    googleEmail: z.string().nullable(),
    hostedDomain: z.string().nullable(),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'OidcTestRun' });

export type TOidcTestRun = z.output<typeof ZOidcTestRun>;

export const ZStartOidcTestBody = z.object({ userId: z.string().min(1).max(100) });

export const ZStartOidcTestResponse = z.object({
  testRun: ZOidcTestRun,
  /** Open this in a new window: Google's sign-in page with login_hint set to the user's address. */
  authorizationUrl: z.string(),
});

export const ZOidcTestParams = z.object({ id: z.string().min(1).max(100) });

export type TOidcTestStatus = TOidcTestRun['status'];
export type TStartOidcTestResponse = z.output<typeof ZStartOidcTestResponse>;
