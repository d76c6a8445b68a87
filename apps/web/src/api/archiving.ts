import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from './api';

export type TArchiveScope = 'ALL_SYNCED_USERS' | 'GROUP_MEMBERS' | 'CHOSEN_USERS';
export type TArchiveScheduleMode = 'OFF' | 'HOURLY' | 'DAILY';
export type TArchiveGroup = { id: string; email: string; name: string };

export type TArchiveProfileInput = {
  mailboxes: {
    scope: TArchiveScope;
    groups: TArchiveGroup[];
    userIds: string[];
    requireArchivePrivilege: boolean;
  };
  folders: { includeSpam: boolean; includeTrash: boolean; include: string[]; exclude: string[] };
  schedule: { mode: TArchiveScheduleMode; time: string };
};

export type TArchiveProfile = {
  mailboxes: {
    scope: TArchiveScope;
    groups: TArchiveGroup[];
    users: { id: string; userName: string }[];
    requireArchivePrivilege: boolean;
  };
  folders: TArchiveProfileInput['folders'];
  schedule: TArchiveProfileInput['schedule'];
  limits: {
    maxMailboxes: number;
    connectionsPerAccount: number;
    dailyBudgetMb: number;
    gmailDailyDownloadMb: number;
  };
  updatedAt: string | null;
  updatedBy: string | null;
  nextScheduledRunAt: string | null;
};

export type TArchiveRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'INCOMPLETE' | 'FAILED' | 'PAUSED';
export type TArchiveMailboxStatus = 'QUEUED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE' | 'FAILED' | 'PAUSED';

export type TArchiveRunSummary = {
  id: string;
  isEstimate: boolean;
  trigger: 'MANUAL' | 'SCHEDULED';
  status: TArchiveRunStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  mailboxCount: number;
  mailboxes: {
    queued: number;
    running: number;
    complete: number;
    incomplete: number;
    failed: number;
    paused: number;
  };
  totals: {
    archived: number;
    alreadyArchived: number;
    failedMessages: number;
    bytes: number;
    estimatedMessages: number | null;
    estimatedBytes: number | null;
    progressMessagesDone: number;
    progressMessagesTotal: number;
  };
  error: { code: string; message: string } | null;
};

export type TArchiveMailboxReport = {
  id: string;
  userId: string | null;
  userName: string;
  userEmail: string;
  status: TArchiveMailboxStatus;
  archived: number;
  alreadyArchived: number;
  failedCount: number;
  failed: { folder: string; uid: number; reason: string }[];
  bytes: number;
  durationMs: number | null;
  folders: { folder: string; serverCount: number; archivedCount: number; missingUids: number[] }[];
  progress: { folder: string; messagesDone: number; messagesTotal: number; bytesDone: number } | null;
  estimate: { messages: number; bytes: number; isGmail: boolean | null; expectedDays: number } | null;
  problem: { code: string; message: string; remedy: string } | null;
  resumeAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

export type TArchiveRunDetail = TArchiveRunSummary & { items: TArchiveMailboxReport[] };
export type TArchiveRunPage = { items: TArchiveRunSummary[]; total: number; page: number; pageSize: number };
export type TArchiveRunProgress = { run: TArchiveRunSummary; running: TArchiveMailboxReport[] };

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
