import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  TArchivedMessageView,
  TArchiveExport,
  TArchiveExportInput,
  TArchiveHit,
  TArchiveRestore,
  TArchiveRestoreInput,
  TArchiveSearchResult,
  TArchiveSelection,
  TArchiveThread,
  TMessageAttachment,
  TReadableArchive,
  TReadableArchiveList,
} from '@wac/api-contract';
import { api } from './api';

export type {
  TArchivedMessageView,
  TArchiveExport,
  TArchiveHit,
  TArchiveRestore,
  TArchiveSearchResult,
  TArchiveSelection,
  TArchiveThread,
  TMessageAttachment,
  TReadableArchive,
};

/**
 * Whose archives a page reads: `own` is the signed-in user's (/api/me/archive), `all` every archive
 * (admins and auditors, /api/archive). The routes below either prefix are the same.
 */
export type TReadArea = 'own' | 'all';

const BASE: Record<TReadArea, string> = { own: '/api/me/archive', all: '/api/archive' };

const PAGE_SIZE = 50;

export const archiveReadKeys = {
  all: ['archive-read'] as const,
  area: (area: TReadArea) => [...archiveReadKeys.all, area] as const,
  archives: (area: TReadArea) => [...archiveReadKeys.area(area), 'archives'] as const,
  searches: (area: TReadArea) => [...archiveReadKeys.area(area), 'search'] as const,
  search: (area: TReadArea, q: string, archiveFolderId: string | undefined) =>
    [...archiveReadKeys.searches(area), q, archiveFolderId ?? 'any'] as const,
  message: (area: TReadArea, id: string) => [...archiveReadKeys.area(area), 'message', id] as const,
  thread: (area: TReadArea, id: string) => [...archiveReadKeys.area(area), 'thread', id] as const,
  exports: (area: TReadArea) => [...archiveReadKeys.area(area), 'exports'] as const,
  export: (area: TReadArea, id: string) => [...archiveReadKeys.exports(area), id] as const,
  restores: (area: TReadArea) => [...archiveReadKeys.area(area), 'restores'] as const,
  restore: (area: TReadArea, id: string) => [...archiveReadKeys.restores(area), id] as const,
};

const messagePath = (area: TReadArea, id: string) => `${BASE[area]}/messages/${encodeURIComponent(id)}`;

/** Addresses the browser loads itself (the viewer frame, downloads), with the session cookie. */
export const archiveUrls = {
  body: (area: TReadArea, id: string, allowRemote: boolean) =>
    `${messagePath(area, id)}/body${allowRemote ? '?remote=allow' : ''}`,
  attachment: (area: TReadArea, id: string, index: number) => `${messagePath(area, id)}/attachments/${index}`,
  raw: (area: TReadArea, id: string) => `${messagePath(area, id)}/raw`,
  exportDownload: (area: TReadArea, exportId: string) =>
    `${BASE[area]}/exports/${encodeURIComponent(exportId)}/download`,
};

/** after:/before: days are the reader's days, not the server's. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function useReadableArchives(area: TReadArea) {
  return useQuery({
    queryKey: archiveReadKeys.archives(area),
    queryFn: ({ signal }) => api.get<TReadableArchiveList>(`${BASE[area]}/archives`, { signal }),
  });
}

/** Newest first, one keyset page after another ("Load more" asks for the next cursor). */
export function useArchiveSearch(
  area: TReadArea,
  input: { q: string; archiveFolderId: string | undefined; isEnabled?: boolean },
) {
  return useInfiniteQuery({
    queryKey: archiveReadKeys.search(area, input.q, input.archiveFolderId),
    queryFn: ({ pageParam, signal }) =>
      api.get<TArchiveSearchResult>(`${BASE[area]}/search`, {
        query: {
          q: input.q,
          archiveFolderId: input.archiveFolderId,
          cursor: pageParam,
          pageSize: PAGE_SIZE,
          timeZone: browserTimeZone(),
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: input.isEnabled ?? true,
    placeholderData: keepPreviousData,
    // Each search is written to the access log; do not search again just because a page remounted.
    staleTime: 5 * 60_000,
  });
}

export function useArchivedMessage(area: TReadArea, id: string | null) {
  return useQuery({
    queryKey: archiveReadKeys.message(area, id ?? ''),
    queryFn: ({ signal }) => api.get<TArchivedMessageView>(messagePath(area, id ?? ''), { signal }),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
}

export function useArchiveThread(area: TReadArea, id: string | null) {
  return useQuery({
    queryKey: archiveReadKeys.thread(area, id ?? ''),
    queryFn: ({ signal }) => api.get<TArchiveThread>(`${messagePath(area, id ?? '')}/thread`, { signal }),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
}

export function useCreateArchiveExport(area: TReadArea) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TArchiveExportInput) => api.post<TArchiveExport>(`${BASE[area]}/exports`, input),
    onSuccess: (created) => {
      queryClient.setQueryData(archiveReadKeys.export(area, created.id), created);
      void queryClient.invalidateQueries({ queryKey: archiveReadKeys.exports(area), exact: true });
    },
  });
}

/** One export, polled while the server prepares it. */
export function useArchiveExport(area: TReadArea, id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: archiveReadKeys.export(area, id ?? ''),
    queryFn: async ({ signal }) => {
      const current = await api.get<TArchiveExport>(`${BASE[area]}/exports/${encodeURIComponent(id ?? '')}`, {
        signal,
      });
      if (current.status !== 'PREPARING') {
        void queryClient.invalidateQueries({ queryKey: archiveReadKeys.exports(area), exact: true });
      }
      return current;
    },
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === 'PREPARING' ? 1000 : false),
  });
}

export function useArchiveExports(area: TReadArea) {
  return useQuery({
    queryKey: archiveReadKeys.exports(area),
    queryFn: ({ signal }) => api.get<{ items: TArchiveExport[] }>(`${BASE[area]}/exports`, { signal }),
  });
}

export function useCreateArchiveRestore(area: TReadArea) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TArchiveRestoreInput) => api.post<TArchiveRestore>(`${BASE[area]}/restores`, input),
    onSuccess: (created) => queryClient.setQueryData(archiveReadKeys.restore(area, created.id), created),
  });
}

/** One restore, polled while it appends. */
export function useArchiveRestore(area: TReadArea, id: string | null) {
  return useQuery({
    queryKey: archiveReadKeys.restore(area, id ?? ''),
    queryFn: ({ signal }) =>
      api.get<TArchiveRestore>(`${BASE[area]}/restores/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === 'RUNNING' ? 1000 : false),
  });
}
