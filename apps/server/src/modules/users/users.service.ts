import { AppError } from '../../errors/app-error';
import type { TPrisma } from '../../lib/db';
import { findUserDetail, searchUsers, type TUserDetailRow, type TUserSummaryRow } from './user.repository';
import type { TUserDetail, TUserListQuery, TUserListResponse, TUserSummary } from './users.schemas';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toSummary(row: TUserSummaryRow): TUserSummary {
  return {
    id: row.id,
    userName: row.userName,
    fullName: row.fullName,
    emails: row.emails,
    authMethod: row.authMethod,
    isSuspended: row.isSuspended,
    isArchived: row.isArchived,
    privileges: row.privileges,
  };
}

function toDetail(row: TUserDetailRow): TUserDetail {
  return {
    ...toSummary(row),
    googleUserId: row.googleUserId,
    orgUnitPath: row.orgUnitPath,
    archiveFolder: row.archiveFolder,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createUsersService(deps: { prisma: TPrisma }) {
  return {
    async list(query: TUserListQuery): Promise<TUserListResponse> {
      const { rows, total } = await searchUsers(deps.prisma, {
        search: query.search,
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      });
      return { items: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize };
    },

    async get(id: string): Promise<TUserDetail> {
      // A malformed id cannot name a user; answering 404 keeps Postgres' uuid cast error out of it.
      const row = UUID_PATTERN.test(id) ? await findUserDetail(deps.prisma, id) : null;
      if (row === null) throw new AppError('NOT_FOUND', { message: 'No user with this id exists.' });
      return toDetail(row);
    },
  };
}

export type TUsersService = ReturnType<typeof createUsersService>;
