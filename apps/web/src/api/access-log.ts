import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  TAccessLogEntry,
  TAccessLogPage,
  TArchiveAccessAction,
  TArchiveAccessResult,
} from '@wac/api-contract';
import { api } from './api';

export type { TAccessLogEntry, TAccessLogPage, TArchiveAccessAction, TArchiveAccessResult };

export type TAccessLogFilters = {
  actor: string;
  action: TArchiveAccessAction | '';
  result: TArchiveAccessResult | '';
  /** ISO instants (the start of the first day, the end of the last), or '' for open. */
  since: string;
  until: string;
};

export const ACCESS_LOG_PAGE_SIZE = 50;

export const accessLogKeys = {
  all: ['access-log'] as const,
  page: (filters: TAccessLogFilters, before: string | null) =>
    [...accessLogKeys.all, filters, before ?? 'newest'] as const,
};

/** One page of the archive access log, newest first; `before` is the last id of the page above. */
export function useAccessLog(filters: TAccessLogFilters, before: string | null) {
  return useQuery({
    queryKey: accessLogKeys.page(filters, before),
    queryFn: ({ signal }) =>
      api.get<TAccessLogPage>('/api/archive/access-log', {
        query: {
          actor: filters.actor.trim() || undefined,
          action: filters.action || undefined,
          result: filters.result || undefined,
          since: filters.since || undefined,
          until: filters.until || undefined,
          before: before ?? undefined,
          limit: ACCESS_LOG_PAGE_SIZE,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
    // New accesses arrive all the time; coming back to the page shows them.
    refetchOnMount: 'always',
  });
}
