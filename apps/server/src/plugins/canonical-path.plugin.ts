import fp from 'fastify-plugin';
import { AppError } from '../errors/app-error';
import { nonCanonicalPathReason } from '../http/canonical-path';

/** Refuses request targets that routing and the session/CSRF hook could read as different paths. */
export const canonicalPathPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      const reason = nonCanonicalPathReason(request.raw.url ?? '');
      if (reason !== null) throw new AppError('BAD_REQUEST', { message: reason });
    });
  },
  { name: 'wac-canonical-path' },
);
