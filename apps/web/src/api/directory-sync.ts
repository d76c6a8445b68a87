import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from './api';
import { userKeys } from './users';

export type TArchiveAccess = 'read' | 'write' | 'delete';
export type TScheduleMode = 'OFF' | 'MINUTES' | 'HOURS';
export type TSyncGroup = { id: string; email: string; name: string };

export type TSyncSettingsInput = {
  groups: TSyncGroup[];
  autoDelete: boolean;
  defaultPrivileges: string[];
  defaultArchiveAccess: TArchiveAccess[];
  deletionThreshold: { percent: number; count: number };
  schedule: { mode: TScheduleMode; interval: number };
};

export type TSyncSettings = TSyncSettingsInput & {
  updatedAt: string | null;
  updatedBy: string | null;
  nextScheduledRunAt: string | null;
};

export type TGoogleGroup = TSyncGroup & { directMembersCount: number | null };
export type TGroupList = { items: TGoogleGroup[]; total: number; isTruncated: boolean };

export type TRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'HELD_FOR_CONFIRMATION';
export type TChangeKind = 'CREATE' | 'UPDATE' | 'DELETE' | 'KEEP' | 'CONFLICT';
export type TChangeOutcome = 'PLANNED' | 'APPLIED' | 'HELD' | 'SKIPPED';

export type TSyncProgress = {
  phase: string;
  pagesRead: number;
  usersRead: number;
  groupsRead: number;
  usersPlanned: number;
  changesToApply: number;
  changesApplied: number;
};

export type TRunSummary = {
  id: string;
  isDryRun: boolean;
  trigger: 'MANUAL' | 'SCHEDULED';
  status: TRunStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  progress: TSyncProgress;
  counts: {
    googleUsers: number;
    creates: number;
    updates: number;
    deletes: number;
    kept: number;
    conflicts: number;
    unchanged: number;
    heldDeletions: number;
    applied: number;
  };
  error: { code: string; message: string } | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
};

export type TDiffEntry = { field: string; from: unknown; to: unknown };

export type TSyncChange = {
  id: string;
  kind: TChangeKind;
  outcome: TChangeOutcome;
  userId: string | null;
  userName: string;
  reason: string;
  reasonText: string;
  diff: TDiffEntry[] | null;
};

export type TRunDetail = TRunSummary & {
  byReason: Record<string, number>;
  settings: { groups: TSyncGroup[]; autoDelete: boolean; defaultPrivileges: string[] };
  changes: { items: TSyncChange[]; total: number; page: number; pageSize: number; kind: TChangeKind | null };
};

export type TRunPage = { items: TRunSummary[]; total: number; page: number; pageSize: number };
export type TChangeFilter = { kind: TChangeKind | ''; search: string; page: number };

export const CHANGES_PAGE_SIZE = 25;

export const directorySyncKeys = {
  all: ['directory-sync'] as const,
  settings: () => [...directorySyncKeys.all, 'settings'] as const,
  groups: (search: string) => [...directorySyncKeys.all, 'groups', search] as const,
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
