// The wire types come from the API contract; these are the console's names for them.
import type {
  TSessionState as TSession,
  TSessionUserDto as TSessionUser,
  TSignInBody as TSignInInput,
} from '@wac/api-contract';

export type { TSession, TSessionUser, TSignInInput };

export const authKeys = {
  all: ['auth'] as const,
  session: ['auth', 'session'] as const,
};

export const SESSION_PATH = '/api/auth/session';
