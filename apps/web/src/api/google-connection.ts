import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';

export type TGoogleProblem = { code: string; message: string; remedy?: string };

export type TGoogleKeySummary = {
  format: 'json' | 'p12';
  clientEmail: string;
  clientId: string;
  privateKeyId: string;
  projectId: string | null;
  tokenUri: string;
  uploadedAt: string;
  uploadedBy: string;
  ageDays: number;
};

export type TGoogleKeyCandidate = TGoogleKeySummary & {
  checkedAt: string | null;
  problem: TGoogleProblem | null;
};

export type TGoogleConnection = {
  key: TGoogleKeySummary | null;
  adminUser: string | null;
  requiredScopes: string[];
  candidate?: TGoogleKeyCandidate;
};

export type TKeyUploadResult = {
  outcome: 'stored' | 'rotated' | 'candidate-rejected';
  message: string;
  problem?: TGoogleProblem;
  connection: TGoogleConnection;
};

export type TSetupCheckStatus = 'passed' | 'failed' | 'skipped';

export type TSetupCheckItem = {
  id: string;
  label: string;
  status: TSetupCheckStatus;
  message: string;
  remedy?: string;
};

export type TSetupCheckResult = { isPassed: boolean; checkedAt: string; items: TSetupCheckItem[] };

export type TKeyUploadInput = { file: File; clientEmail?: string };

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
    mutationFn: ({ file, clientEmail }: TKeyUploadInput) => {
      const form = new FormData();
      if (clientEmail) form.set('clientEmail', clientEmail);
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

export function useSetupCheck() {
  return useMutation({
    mutationFn: () => api.post<TSetupCheckResult>('/api/google/check', {}),
  });
}
