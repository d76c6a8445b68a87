import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAssignedFolder, TOrphanedFolder, TOrphanedFolderList } from '@wac/api-contract';
import { api } from './api';
import { userKeys } from './users';

export type { TAssignedFolder, TOrphanedFolder };

export const archiveFolderKeys = {
  all: ['archive-folders'] as const,
  orphaned: () => [...archiveFolderKeys.all, 'orphaned'] as const,
};

export const orphanedFoldersQueryOptions = () =>
  queryOptions({
    queryKey: archiveFolderKeys.orphaned(),
    queryFn: ({ signal }) => api.get<TOrphanedFolderList>('/api/archive-folders/orphaned', { signal }),
  });

export function useOrphanedFolders() {
  return useQuery(orphanedFoldersQueryOptions());
}

/** Gives an orphaned folder to a user; the folder leaves the list and the user's detail shows it. */
export function useAssignFolder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ folderId, userId }: { folderId: string; userId: string }) =>
      api.post<TAssignedFolder>(`/api/archive-folders/${encodeURIComponent(folderId)}/assign`, { userId }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: archiveFolderKeys.orphaned() });
      await queryClient.invalidateQueries({ queryKey: userKeys.details() });
    },
  });
}
