import { useQuery } from '@tanstack/react-query';
import type { TMyProfile } from '@wac/api-contract';
import { api } from './api';

export type { TMyProfile };

export const meKeys = { profile: ['me'] as const };

/** The signed-in user's own page data (end users and admins alike). */
export function useMyProfile() {
  return useQuery({
    queryKey: meKeys.profile,
    queryFn: ({ signal }) => api.get<TMyProfile>('/api/me', { signal }),
  });
}
