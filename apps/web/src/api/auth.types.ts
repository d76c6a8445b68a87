export type TSessionUser = {
  id: string;
  userName: string;
  fullName: string;
  privileges: string[];
  isAdmin: boolean;
};

export type TSession = {
  user: TSessionUser | null;
  csrfToken: string;
};

export type TSignInInput = {
  userName: string;
  password: string;
};

export const authKeys = {
  all: ['auth'] as const,
  session: ['auth', 'session'] as const,
};

export const SESSION_PATH = '/api/auth/session';
