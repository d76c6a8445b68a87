import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api';

export type TAuthMethod = 'LOCAL' | 'DIRECTORY';

export type TUserSummary = {
  id: string;
  userName: string;
  fullName: string;
  emails: string[];
  authMethod: TAuthMethod;
  isSuspended: boolean;
  privileges: string[];
};

export type TUserDetail = TUserSummary & {
  googleUserId: string | null;
  orgUnitPath: string | null;
  archiveFolder: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
};

export type TUserPage = {
  items: TUserSummary[];
  total: number;
  page: number;
  pageSize: number;
};

export type TUserListParams = {
  search: string;
  page: number;
  pageSize: number;
};

export const userKeys = {
  all: ['users'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (params: TUserListParams) => [...userKeys.lists(), params] as const,
  details: () => [...userKeys.all, 'detail'] as const,
  detail: (id: string) => [...userKeys.details(), id] as const,
};

export const userListQueryOptions = (params: TUserListParams) =>
  queryOptions({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<TUserPage>('/api/users', {
        query: { search: params.search.trim(), page: params.page, pageSize: params.pageSize },
        signal,
      }),
    // Keeping the previous page on screen while the next one loads avoids the table collapsing.
    placeholderData: keepPreviousData,
  });

export const userQueryOptions = (id: string) =>
  queryOptions({
    queryKey: userKeys.detail(id),
    queryFn: ({ signal }) => api.get<TUserDetail>(`/api/users/${encodeURIComponent(id)}`, { signal }),
  });

export function useUsers(params: TUserListParams) {
  return useQuery(userListQueryOptions(params));
}

export function useUser(id: string) {
  return useQuery(userQueryOptions(id));
}
