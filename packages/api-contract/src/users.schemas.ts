import { z } from 'zod';

export const ZAuthMethod = z.enum(['LOCAL', 'DIRECTORY']);

export const ZUserSummary = z
  .object({
    id: z.string(),
    userName: z.string(),
    fullName: z.string(),
    emails: z.array(z.string()),
    authMethod: ZAuthMethod,
    isSuspended: z.boolean(),
    /** Google's Archived User licence: kept, but refused at sign-in like a suspended user. */
    isArchived: z.boolean(),
    privileges: z.array(z.string()),
  })
  .meta({ id: 'UserSummary' });

export type TUserSummary = z.output<typeof ZUserSummary>;

export const ZUserDetail = ZUserSummary.extend({
  googleUserId: z.string().nullable(),
  orgUnitPath: z.string().nullable(),
  archiveFolder: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'UserDetail' });

export type TUserDetail = z.output<typeof ZUserDetail>;

export const ZUserListQuery = z.object({
  search: z.string().trim().max(200).optional().default(''),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

export type TUserListQuery = z.output<typeof ZUserListQuery>;

export const ZUserListResponse = z.object({
  items: z.array(ZUserSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export type TUserListResponse = z.output<typeof ZUserListResponse>;

export const ZUserIdParams = z.object({ id: z.string().min(1).max(100) });

export type TAuthMethod = z.output<typeof ZAuthMethod>;
