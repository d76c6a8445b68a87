import { z } from 'zod';

export const ZSessionUser = z
  .object({
    id: z.string(),
    userName: z.string(),
    fullName: z.string(),
    privileges: z.array(z.string()),
    isAdmin: z.boolean(),
  })
  .meta({ id: 'SessionUser' });

export type TSessionUserDto = z.output<typeof ZSessionUser>;

export const ZSessionState = z.object({
  user: ZSessionUser.nullable(),
  csrfToken: z.string().describe('Send back in the x-csrf-token header on every POST/PUT/PATCH/DELETE.'),
});

export const ZSignInBody = z.object({
  userName: z.string().trim().min(1, 'Enter a user name.').max(200),
  password: z.string().min(1, 'Enter a password.').max(1024),
});

export const ZSignInResponse = z.object({ user: ZSessionUser, csrfToken: z.string() });

export type TSessionState = z.output<typeof ZSessionState>;
export type TSignInBody = z.input<typeof ZSignInBody>;
export type TSignInResponse = z.output<typeof ZSignInResponse>;
