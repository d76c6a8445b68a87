import { z } from 'zod';

export const ZMemberRole = z.enum(['OWNER', 'MANAGER', 'MEMBER']);
export const ZMemberType = z.enum(['USER', 'GROUP', 'CUSTOMER']);

export const ZFixtureUser = z.object({
  id: z
    .string()
    .regex(/^\d{1,25}$/)
    .optional(),
  primaryEmail: z.email(),
  givenName: z.string(),
  familyName: z.string(),
  aliases: z.array(z.email()).optional(),
  suspended: z.boolean().optional(),
  // Google's Archived User licence: the account keeps its data but cannot sign in.
  archived: z.boolean().optional(),
  isAdmin: z.boolean().optional(),
  orgUnitPath: z.string().startsWith('/').optional(),
  creationTime: z.iso.datetime().optional(),
  lastLoginTime: z.iso.datetime().optional(),
  deleted: z.boolean().optional(),
  emailVerified: z.boolean().optional(),
  imapDisabled: z.boolean().optional(),
});

export const ZFixtureMember = z.object({
  email: z.email().optional(),
  type: ZMemberType.optional(),
  role: ZMemberRole.optional(),
});

export const ZFixtureGroup = z.object({
  id: z.string().min(1).optional(),
  email: z.email(),
  name: z.string(),
  description: z.string().optional(),
  aliases: z.array(z.email()).optional(),
  members: z.array(ZFixtureMember).default([]),
});

export const ZDomainFixture = z.object({
  customerId: z.string().min(1),
  /** The first domain is the primary domain. */
  domains: z.array(z.string().min(1)).min(1),
  users: z.array(ZFixtureUser),
  groups: z.array(ZFixtureGroup),
});

export type TMemberRole = z.infer<typeof ZMemberRole>;
export type TMemberType = z.infer<typeof ZMemberType>;
export type TFixtureUser = z.infer<typeof ZFixtureUser>;
export type TFixtureMember = z.infer<typeof ZFixtureMember>;
export type TFixtureGroup = z.input<typeof ZFixtureGroup>;
export type TDomainFixture = z.input<typeof ZDomainFixture>;

/**
 * What the domain state loads: a fixture, or a generated account handed over user by user, with
 * its groups made only once the users are in (see generateDomainSource).
 */
export type TDomainSource = {
  customerId: string;
  domains: readonly string[];
  users: Iterable<TFixtureUser>;
  groups: readonly TFixtureGroup[] | (() => readonly TFixtureGroup[]);
};
