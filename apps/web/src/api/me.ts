import { useQuery } from '@tanstack/react-query';
import { api } from './api';

export type TMyProfile = {
  id: string;
  userName: string;
  fullName: string;
  emails: string[];
  authMethod: 'LOCAL' | 'DIRECTORY';
  privileges: string[];
  sessionKind: 'ADMIN' | 'USER';
  archiveFolder: { id: string; name: string } | null;
};

export const meKeys = { profile: ['me'] as const };

/** The signed-in user's own page data (end users and admins alike). */
export function useMyProfile() {
  return useQuery({
    queryKey: meKeys.profile,
    queryFn: ({ signal }) => api.get<TMyProfile>('/api/me', { signal }),
  });
}
