import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TArchiveAccess,
  TChangeKind,
  TChangeOutcome,
  TDiffEntry,
  TGoogleGroup,
  TGroupListResponse,
  TGroupScope,
  TRunDetail,
  TRunListResponse,
  TRunStatus,
  TRunSummary,
  TScheduleMode,
  TStaleUserRemoved,
  TSyncChange,
  TSyncGroup,
  TSyncProgress,
  TSyncSettingsResponse as TSyncSettings,
  TSyncSettingsBody,
} from '@wac/api-contract';
import { useEffect } from 'react';
import { api } from './api';
import { archiveFolderKeys } from './archive-folders';
import { userKeys } from './users';

export type {
  TArchiveAccess,
  TChangeKind,
  TChangeOutcome,
  TDiffEntry,
  TGoogleGroup,
  TGroupListResponse,
  TRunDetail,
  TRunListResponse,
  TRunStatus,
  TRunSummary,
  TScheduleMode,
  TSyncChange,
  TSyncGroup,
  TSyncProgress,
  TSyncSettings,
};
export type TGroupList = TGroupListResponse;
// The form carries stored privileges as they are, even one this version no longer offers; the
// server names such a privilege when the settings are saved.
export type TSyncSettingsInput = Omit<TSyncSettingsBody, 'defaultPrivileges'> & {
  defaultPrivileges: string[];
};
export type TRunPage = TRunListResponse;
export type TChangeFilter = { kind: TChangeKind | ''; search: string; page: number };

export const CHANGES_PAGE_SIZE = 25;

export const directorySyncKeys = {
  all: ['directory-sync'] as const,
  settings: () => [...directorySyncKeys.all, 'settings'] as const,
  groups: (search: string) => [...directorySyncKeys.all, 'groups', search] as const,
  groupScope: (ids: string[]) => [...directorySyncKeys.all, 'group-scope', ...ids] as const,
  runs: () => [...directorySyncKeys.all, 'runs'] as const,
  runList: (page: number) => [...directorySyncKeys.runs(), 'list', page] as const,
  run: (id: string) => [...directorySyncKeys.runs(), 'detail', id] as const,
  runChanges: (id: string, filter: TChangeFilter) => [...directorySyncKeys.run(id), filter] as const,
};

export function useSyncSettings() {
  return useQuery(
    queryOptions({
      queryKey: directorySyncKeys.settings(),
      queryFn: ({ signal }) => api.get<TSyncSettings>('/api/directory-sync/settings', { signal }),
    }),
  );
}

export function useSaveSyncSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: TSyncSettingsInput) =>
      api.put<TSyncSettings>('/api/directory-sync/settings', settings),
    onSuccess: (saved) => queryClient.setQueryData(directorySyncKeys.settings(), saved),
  });
}

/** The domain's groups from Google, for the group picker; only asked for while it is open. */
export function useGoogleGroups(search: string, isEnabled: boolean) {
  return useQuery({
    queryKey: directorySyncKeys.groups(search),
    queryFn: ({ signal }) => api.get<TGroupList>('/api/directory-sync/groups', { query: { search }, signal }),
    enabled: isEnabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/**
 * Asks Google what the chosen groups select (saved or not): which of them hold everyone in the
 * organisation. Keyed by the sorted ids, so choosing the same groups again asks nothing.
 */
export function useGroupScope(groups: readonly TSyncGroup[]) {
  const ids = groups.map((group) => group.id).sort();
  return useQuery({
    queryKey: directorySyncKeys.groupScope(ids),
    queryFn: () => api.post<TGroupScope>('/api/directory-sync/groups/scope', { groups }),
    enabled: groups.length > 0,
    staleTime: 60_000,
  });
}

export function useSyncRuns(page: number) {
  return useQuery({
    queryKey: directorySyncKeys.runList(page),
    queryFn: ({ signal }) =>
      api.get<TRunPage>('/api/directory-sync/runs', { query: { page, pageSize: 10 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSyncRun(id: string | null, filter: TChangeFilter) {
  return useQuery({
    queryKey: directorySyncKeys.runChanges(id ?? '', filter),
    queryFn: ({ signal }) =>
      api.get<TRunDetail>(`/api/directory-sync/runs/${encodeURIComponent(id ?? '')}`, {
        query: {
          kind: filter.kind || undefined,
          search: filter.search,
          page: filter.page,
          pageSize: CHANGES_PAGE_SIZE,
        },
        signal,
      }),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
}

function useRunStarter(path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ runId: string }>(path, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: directorySyncKeys.runs() }),
  });
}

export const useStartTest = () => useRunStarter('/api/directory-sync/test');
export const useStartSync = () => useRunStarter('/api/directory-sync/run');

export function useConfirmDeletions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) =>
      api.post<{ runId: string }>(
        `/api/directory-sync/runs/${encodeURIComponent(runId)}/confirm-deletions`,
        {},
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: directorySyncKeys.runs() }),
  });
}

/** Removes the stale user a STALE_USER_HOLDS_NAME conflict names; its archive folder is kept. */
export function useRemoveStaleUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, changeId }: { runId: string; changeId: string }) =>
      api.post<TStaleUserRemoved>(
        `/api/directory-sync/runs/${encodeURIComponent(runId)}/changes/${encodeURIComponent(changeId)}/remove-stale-user`,
        {},
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      await queryClient.invalidateQueries({ queryKey: archiveFolderKeys.all });
    },
  });
}

/**
 * Follows a running run over server-sent events: each `progress` event updates the cached run
 * summary; `end` refreshes the run, the history and the user list, which the run changed.
 */
export function useRunEvents(
  runId: string | null,
  isRunning: boolean,
  onProgress: (run: TRunSummary) => void,
) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (runId === null || !isRunning) return;
    const source = new EventSource(`/api/directory-sync/runs/${encodeURIComponent(runId)}/events`);
    source.addEventListener('progress', (event) => onProgress(JSON.parse((event as MessageEvent).data)));
    source.addEventListener('end', () => {
      source.close();
      void queryClient.invalidateQueries({ queryKey: directorySyncKeys.all });
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
    });
    return () => source.close();
  }, [runId, isRunning, onProgress, queryClient]);
}
