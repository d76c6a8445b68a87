import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TServerInstance, TSystemOverview, TSystemProblem } from '@wac/api-contract';
import { api } from './api';

export type { TServerInstance, TSystemOverview, TSystemProblem };

export const systemKeys = { overview: ['system', 'overview'] as const };

// Uptime, queues and heartbeats move; the server caches its database figures for 10 s anyway.
const REFRESH_MS = 15_000;

export const systemOverviewQueryOptions = () =>
  queryOptions({
    queryKey: systemKeys.overview,
    queryFn: ({ signal }) => api.get<TSystemOverview>('/api/system', { signal }),
    refetchInterval: REFRESH_MS,
  });

export function useSystemOverview() {
  return useQuery(systemOverviewQueryOptions());
}
