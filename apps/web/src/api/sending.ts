import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TApiTokenCreated,
  TApiTokenView,
  TSendLog,
  TSendMessageAccepted,
  TSendMessageView,
  TSendSettings,
  TSendSettingsInput,
} from '@wac/api-contract';
import { api } from './api';

export type {
  TApiTokenCreated,
  TApiTokenView,
  TSendLog,
  TSendMessageView,
  TSendSettings,
  TSendSettingsInput,
};

export const sendingKeys = {
  all: ['sending'] as const,
  tokens: () => [...sendingKeys.all, 'tokens'] as const,
  settings: () => [...sendingKeys.all, 'settings'] as const,
  log: () => [...sendingKeys.all, 'log'] as const,
};

export function useApiTokens() {
  return useQuery({
    queryKey: sendingKeys.tokens(),
    queryFn: ({ signal }) => api.get<{ apiTokens: TApiTokenView[] }>('/api/sending/tokens', { signal }),
    // Last use changes while the console is elsewhere; coming back to the tab shows it fresh.
    refetchOnMount: 'always',
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; senders: string[] }) =>
      api.post<TApiTokenCreated>('/api/sending/tokens', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sendingKeys.tokens() }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<TApiTokenView>(`/api/sending/tokens/${id}/revoke`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sendingKeys.tokens() }),
  });
}

export function useSendSettings() {
  return useQuery({
    queryKey: sendingKeys.settings(),
    queryFn: ({ signal }) => api.get<TSendSettings>('/api/sending/settings', { signal }),
  });
}

export function useSaveSendSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TSendSettingsInput) => api.put<TSendSettings>('/api/sending/settings', input),
    onSuccess: (settings) => queryClient.setQueryData(sendingKeys.settings(), settings),
  });
}

export function useSendLog() {
  return useQuery({
    queryKey: sendingKeys.log(),
    queryFn: ({ signal }) => api.get<TSendLog>('/api/sending/log?limit=100', { signal }),
    // Queued messages change state within seconds; the log follows them while it is open.
    refetchInterval: 3000,
  });
}

export function useSendTestEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { from: string; to: string }) =>
      api.post<TSendMessageAccepted>('/api/sending/test', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sendingKeys.log() }),
  });
}
