import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TGoogleConnection,
  TGoogleKeyCandidate,
  TGoogleKeySummary,
  TGoogleProblem,
  TKeyUploadResult,
  TSetupCheckItem,
  TSetupCheckResult,
  TSetupCheckStatus,
} from '@wac/api-contract';
import { api } from './api';

export type {
  TGoogleConnection,
  TGoogleKeyCandidate,
  TGoogleKeySummary,
  TGoogleProblem,
  TKeyUploadResult,
  TSetupCheckItem,
  TSetupCheckResult,
  TSetupCheckStatus,
};

export type TKeyUploadInput = { file: File; clientEmail?: string; password?: string };

export const googleConnectionKeys = {
  all: ['google-connection'] as const,
  connection: () => [...googleConnectionKeys.all, 'connection'] as const,
};

export const googleConnectionQueryOptions = queryOptions({
  queryKey: googleConnectionKeys.connection(),
  queryFn: ({ signal }) => api.get<TGoogleConnection>('/api/google/connection', { signal }),
});

export function useGoogleConnection() {
  return useQuery(googleConnectionQueryOptions);
}

// Every change answers with the new connection, so the cache is set, not refetched.
function useConnectionUpdate() {
  const queryClient = useQueryClient();
  return (connection: TGoogleConnection) =>
    queryClient.setQueryData(googleConnectionKeys.connection(), connection);
}

export function useUploadKey() {
  const update = useConnectionUpdate();
  return useMutation({
    mutationFn: ({ file, clientEmail, password }: TKeyUploadInput) => {
      const form = new FormData();
      if (clientEmail) form.set('clientEmail', clientEmail);
      if (password) form.set('password', password);
      form.set('file', file, file.name);
      return api.post<TKeyUploadResult>('/api/google/key', form);
    },
    onSuccess: (result) => update(result.connection),
  });
}

export function useDiscardCandidate() {
  const update = useConnectionUpdate();
  return useMutation({
    mutationFn: () => api.delete<TGoogleConnection>('/api/google/key/candidate'),
    onSuccess: update,
  });
}

export function useSaveAdminUser() {
  const update = useConnectionUpdate();
  return useMutation({
    mutationFn: (adminUser: string) => api.put<TGoogleConnection>('/api/google/admin-user', { adminUser }),
    onSuccess: update,
  });
}

// The server keeps the result as the connection's last check, so the tab badge and a reload show it.
export function useSetupCheck() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<TSetupCheckResult>('/api/google/check', {}),
    onSuccess: (result) =>
      queryClient.setQueryData<TGoogleConnection>(googleConnectionKeys.connection(), (connection) =>
        connection ? { ...connection, lastCheck: { ...result, isCurrent: true } } : connection,
      ),
  });
}
