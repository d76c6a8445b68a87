import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { TActiveSession } from './session.service';

function sessionOf(request: FastifyRequest): TActiveSession {
  const { session } = request.auth;
  if (session === null) {
    throw new AppError('UNAUTHENTICATED', { message: 'Sign in to continue.' });
  }
  return session;
}

/** Route hook: any signed-in session (admin console or, later, an end user signed in with Google). */
export async function requireSession(request: FastifyRequest): Promise<void> {
  sessionOf(request);
}

/**
 * Route hook: an admin-console session whose user still holds `admin`. Privileges are re-read on
 * every request (session resolution joins the user), so revoking `admin` takes effect at once.
 */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  const session = sessionOf(request);
  if (session.kind !== 'ADMIN' || !session.user.isAdmin) {
    throw new AppError('FORBIDDEN', { message: 'This page is only available to administrators.' });
  }
}

/** Narrowing accessor for handlers behind requireSession/requireAdmin. */
export function activeSession(request: FastifyRequest): TActiveSession {
  return sessionOf(request);
}
