import { z } from 'zod';

export const ZRedirectUriProblem = z.object({ code: z.string(), message: z.string() });

export const ZRedirectUriCheck = z
  .object({
    redirectUri: z.string().nullable(),
    isValid: z.boolean(),
    problems: z.array(ZRedirectUriProblem),
  })
  .meta({ id: 'RedirectUriCheck' });

export type TRedirectUriCheckResponse = z.output<typeof ZRedirectUriCheck>;

export const ZOidcSettings = z
  .object({
    clientId: z.string(),
    /** The secret itself never leaves the server. */
    hasClientSecret: z.boolean(),
    publicBaseUrl: z.string(),
    instanceId: z.string().nullable(),
    redirect: ZRedirectUriCheck,
    issuer: z.string(),
    /** Client id, secret and a valid redirect URI are all there: the sign-in button is shown. */
    isConfigured: z.boolean(),
    updatedAt: z.iso.datetime().nullable(),
    updatedByName: z.string().nullable(),
  })
  .meta({ id: 'OidcSettings' });

export type TOidcSettingsView = z.output<typeof ZOidcSettings>;

// Google's client ids look like 1234-abc.apps.googleusercontent.com; other issuers differ, so
// only the characters are constrained.
const ZClientId = z
  .string()
  .trim()
  .min(1, 'Enter the client ID.')
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'The client ID contains spaces or unusual characters.');

export const ZOidcSettingsInput = z.object({
  clientId: ZClientId,
  /** Absent (or null) keeps the stored secret; a string replaces it. */
  clientSecret: z.string().trim().min(1, 'Enter the client secret.').max(1024).nullish(),
  publicBaseUrl: z.string().trim().min(1, "Enter this server's public URL.").max(2048),
  instanceId: z.string().trim().max(63).nullish(),
});

export type TOidcSettingsInput = z.output<typeof ZOidcSettingsInput>;

export const ZRedirectUriQuery = z.object({
  publicBaseUrl: z.string().max(2048).default(''),
  instanceId: z.string().max(200).optional(),
});

export const ZOidcStatus = z.object({ isEnabled: z.boolean() }).meta({ id: 'OidcStatus' });

export type TRedirectUriProblem = z.output<typeof ZRedirectUriProblem>;
/** What a client sends to save the settings. */
export type TOidcSettingsBody = z.input<typeof ZOidcSettingsInput>;
export type TOidcStatus = z.output<typeof ZOidcStatus>;
