import { z } from 'zod';

export const ZMyProfile = z
  .object({
    id: z.string(),
    userName: z.string(),
    fullName: z.string(),
    emails: z.array(z.string()),
    authMethod: z.enum(['LOCAL', 'DIRECTORY']),
    privileges: z.array(z.string()),
    /** USER after Sign in with Google, ADMIN after the console's local sign-in. */
    sessionKind: z.enum(['ADMIN', 'USER']),
    /** The user's own archive ("My Archive"); null until one exists. */
    archiveFolder: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'MyProfile' });

export type TMyProfile = z.output<typeof ZMyProfile>;
