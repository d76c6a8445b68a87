import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TArchiveGroup,
  TArchiveMailboxReport,
  TArchiveMailboxScope,
  TArchiveMailboxStatus,
  TArchiveProfile,
  TArchiveProfileInput,
  TArchiveRunDetail,
  TArchiveRunList,
  TArchiveRunProgress,
  TArchiveRunStatus,
  TArchiveRunSummary,
  TArchiveScheduleMode,
} from '@wac/api-contract';
import { useEffect } from 'react';
import { api } from './api';

export type {
  TArchiveGroup,
  TArchiveMailboxReport,
  TArchiveMailboxStatus,
  TArchiveProfile,
  TArchiveProfileInput,
  TArchiveRunDetail,
  TArchiveRunProgress,
  TArchiveRunStatus,
  TArchiveRunSummary,
  TArchiveScheduleMode,
};
export type TArchiveScope = TArchiveMailboxScope;
export type TArchiveRunPage = TArchiveRunList;

export const archivingKeys = {
  all: ['archiving'] as const,
  profile: () => [...archivingKeys.all, 'profile'] as const,
  runs: () => [...archivingKeys.all, 'runs'] as const,
  runList: (page: number) => [...archivingKeys.runs(), 'list', page] as const,
  run: (id: string) => [...archivingKeys.runs(), 'detail', id] as const,
};

export function useArchiveProfile() {
  return useQuery({
    queryKey: archivingKeys.profile(),
    queryFn: ({ signal }) => api.get<TArchiveProfile>('/api/archiving/profile', { signal }),
  });
}

export function useSaveArchiveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TArchiveProfileInput) => api.put<TArchiveProfile>('/api/archiving/profile', input),
    onSuccess: (profile) => queryClient.setQueryData(archivingKeys.profile(), profile),
  });
}

function useRunStarter(path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ runId: string; mailboxCount: number }>(path, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: archivingKeys.runs() }),
  });
}

export const useStartEstimate = () => useRunStarter('/api/archiving/estimate');
export const useStartArchiveRun = () => useRunStarter('/api/archiving/run');

export function useArchiveRuns(page: number) {
  return useQuery({
    queryKey: archivingKeys.runList(page),
    queryFn: ({ signal }) =>
      api.get<TArchiveRunPage>('/api/archiving/runs', { query: { page, pageSize: 10 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useArchiveRun(id: string) {
  return useQuery({
    queryKey: archivingKeys.run(id),
    queryFn: ({ signal }) =>
      api.get<TArchiveRunDetail>(`/api/archiving/runs/${encodeURIComponent(id)}`, {
        query: { pageSize: 500 },
        signal,
      }),
  });
}

const isActive = (status: TArchiveRunStatus) => status === 'QUEUED' || status === 'RUNNING';

/**
 * Follows a run over server-sent events while it is queued or running: each `progress` event
 * updates the run's figures and its running mailboxes in the cached report; `end` reloads it.
 */
export function useArchiveRunEvents(run: TArchiveRunDetail | undefined) {
  const queryClient = useQueryClient();
  const runId = run?.id ?? null;
  const isRunning = run ? isActive(run.status) : false;
  useEffect(() => {
    if (runId === null || !isRunning) return;
    const source = new EventSource(`/api/archiving/runs/${encodeURIComponent(runId)}/events`);
    let lastCounts = '';
    source.addEventListener('progress', (event) => {
      const progress = JSON.parse((event as MessageEvent).data) as TArchiveRunProgress;
      const counts = JSON.stringify(progress.run.mailboxes);
      queryClient.setQueryData<TArchiveRunDetail>(archivingKeys.run(runId), (current) => {
        if (!current) return current;
        const running = new Map(progress.running.map((mailbox) => [mailbox.id, mailbox]));
        return {
          ...current,
          ...progress.run,
          items: current.items.map((item) => running.get(item.id) ?? item),
        };
      });
      // A mailbox finished (or started): fetch its verdict rather than guess it.
      if (lastCounts !== '' && counts !== lastCounts) {
        void queryClient.invalidateQueries({ queryKey: archivingKeys.run(runId) });
      }
      lastCounts = counts;
    });
    source.addEventListener('end', () => {
      source.close();
      void queryClient.invalidateQueries({ queryKey: archivingKeys.runs() });
    });
    return () => source.close();
  }, [runId, isRunning, queryClient]);
}
