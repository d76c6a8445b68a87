import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { TAuthMethod, TUserDetail, TUserListResponse, TUserSummary } from '@wac/api-contract';
import { api } from './api';

export type { TAuthMethod, TUserDetail, TUserSummary };
export type TUserPage = TUserListResponse;

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
