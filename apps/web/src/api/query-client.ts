import { hashKey, QueryCache, QueryClient } from '@tanstack/react-query';
import { authKeys } from './auth.types';
import { ApiError } from './client';

// 4xx answers (signed out, forbidden, not found, validation) will not change on retry;
// retrying only network and server failures keeps error states fast and honest.
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 1;
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      // A session that expired server-side shows up first as a 401 on some data query;
      // re-reading the session lets the route guard send the admin back to sign-in.
      if (
        error instanceof ApiError &&
        error.status === 401 &&
        query.queryHash !== hashKey(authKeys.session)
      ) {
        void queryClient.invalidateQueries({ queryKey: authKeys.session });
      }
    },
  }),
  defaultOptions: {
    queries: {
      retry: shouldRetry,
      staleTime: 30_000,
      refetchOnWindowFocus: false,
    },
    mutations: {
      retry: false,
    },
  },
});
