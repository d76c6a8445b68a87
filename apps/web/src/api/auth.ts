import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import { authKeys, SESSION_PATH, type TSession, type TSignInInput } from './auth.types';

export type { TSession, TSessionUser, TSignInInput } from './auth.types';
export { authKeys } from './auth.types';

export const sessionQueryOptions = queryOptions({
  queryKey: authKeys.session,
  queryFn: ({ signal }) => api.get<TSession>(SESSION_PATH, { signal }),
});

export function useSession() {
  return useQuery(sessionQueryOptions);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TSignInInput) => api.post<TSession>('/api/auth/sign-in', input),
    onSuccess: (session) => {
      // Data cached for a previous session must not leak into this one.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
      queryClient.setQueryData(authKeys.session, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/sign-out'),
    onSettled: async () => {
      queryClient.setQueryData<TSession>(authKeys.session, (current) =>
        current ? { ...current, user: null } : current,
      );
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
      await queryClient.invalidateQueries({ queryKey: authKeys.session });
    },
  });
}
