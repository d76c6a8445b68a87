import { authKeys, SESSION_PATH, type TSession } from './auth.types';
import { createApiClient } from './client';
import { queryClient } from './query-client';

// The CSRF token travels with the session query, so every tab and hook shares the one the
// server issued last; a forced refresh asks the server again.
async function getCsrfToken({ refresh }: { refresh: boolean }): Promise<string | undefined> {
  const cached = queryClient.getQueryData<TSession>(authKeys.session);
  if (cached && !refresh) return cached.csrfToken;
  const session = await queryClient.fetchQuery({
    queryKey: authKeys.session,
    queryFn: () => api.get<TSession>(SESSION_PATH),
    staleTime: 0,
  });
  return session.csrfToken;
}

export const api = createApiClient({ getCsrfToken });
