import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TOidcSettingsView as TOidcSettings,
  TOidcSettingsBody as TOidcSettingsInput,
  TOidcTestRun,
  TOidcTestStatus,
  TRedirectUriCheckResponse as TRedirectUriCheck,
  TRedirectUriProblem,
  TStartOidcTestResponse as TStartedOidcTest,
} from '@wac/api-contract';
import { api } from './api';

export type {
  TOidcSettings,
  TOidcSettingsInput,
  TOidcTestRun,
  TOidcTestStatus,
  TRedirectUriCheck,
  TRedirectUriProblem,
  TStartedOidcTest,
};

/** The server route that starts (and finishes) a Google sign-in; a full page navigation, not fetch. */
export const GOOGLE_SIGN_IN_PATH = '/oidc/signin';

// How often the console asks whether a test sign-in came back.
const TEST_POLL_MS = 1000;

// The server forgets a sign-in it started after 10 minutes; a test still pending then never finishes.
export const TEST_TIMEOUT_MS = 10 * 60_000;

export function isTestAbandoned(run: TOidcTestRun, now = Date.now()): boolean {
  return run.status === 'PENDING' && now - Date.parse(run.createdAt) > TEST_TIMEOUT_MS;
}

export const oidcKeys = {
  all: ['oidc'] as const,
  status: () => [...oidcKeys.all, 'status'] as const,
  settings: () => [...oidcKeys.all, 'settings'] as const,
  redirectUri: (publicBaseUrl: string, instanceId: string) =>
    [...oidcKeys.all, 'redirect-uri', publicBaseUrl, instanceId] as const,
  test: (id: string) => [...oidcKeys.all, 'test', id] as const,
};

export function useOidcStatus() {
  return useQuery({
    queryKey: oidcKeys.status(),
    queryFn: ({ signal }) => api.get<{ isEnabled: boolean }>('/api/oidc/status', { signal }),
    staleTime: 60_000,
  });
}

export const oidcSettingsQueryOptions = queryOptions({
  queryKey: oidcKeys.settings(),
  queryFn: ({ signal }) => api.get<TOidcSettings>('/api/oidc/settings', { signal }),
});

export function useOidcSettings() {
  return useQuery(oidcSettingsQueryOptions);
}

/** Live check of the redirect URI while the admin types (debounce the inputs before calling). */
export function useRedirectUriCheck(publicBaseUrl: string, instanceId: string) {
  return useQuery({
    queryKey: oidcKeys.redirectUri(publicBaseUrl, instanceId),
    queryFn: ({ signal }) =>
      api.get<TRedirectUriCheck>('/api/oidc/redirect-uri', { query: { publicBaseUrl, instanceId }, signal }),
    enabled: publicBaseUrl.trim() !== '',
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSaveOidcSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TOidcSettingsInput) => api.put<TOidcSettings>('/api/oidc/settings', input),
    onSuccess: async (settings) => {
      queryClient.setQueryData(oidcKeys.settings(), settings);
      await queryClient.invalidateQueries({ queryKey: oidcKeys.status() });
    },
  });
}

export function useStartOidcTest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.post<TStartedOidcTest>('/api/oidc/tests', { userId }),
    onSuccess: (started) => queryClient.setQueryData(oidcKeys.test(started.testRun.id), started.testRun),
  });
}

/** Polls a test until the sign-in comes back with its outcome. */
export function useOidcTest(id: string | undefined) {
  return useQuery({
    queryKey: oidcKeys.test(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<TOidcTestRun>(`/api/oidc/tests/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
    refetchInterval: (query) => {
      const run = query.state.data;
      return run?.status === 'PENDING' && !isTestAbandoned(run) ? TEST_POLL_MS : false;
    },
  });
}
