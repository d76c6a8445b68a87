import fp from 'fastify-plugin';
import { isAppError } from '../errors/app-error';
import { toErrorResponse } from '../errors/error-response';

export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((error, request, reply) => {
      const response = toErrorResponse(error, request.id);
      if (response.isServerFault && isAppError(error)) {
        // A deliberate 5xx (e.g. NOT_READY) is a known state, not a bug: no stack trace.
        const cause = error.cause instanceof Error ? error.cause.message : undefined;
        request.log.warn({ code: error.code, details: error.details, cause }, error.message);
      } else if (response.isServerFault) {
        request.log.error({ err: error }, 'request failed');
      } else {
        request.log.info({ code: response.body.error.code, status: response.statusCode }, 'request rejected');
      }
      const retryAfter = response.body.error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return reply.code(response.statusCode).type('application/json; charset=utf-8').send(response.body);
    });
  },
  { name: 'wac-error-handler' },
);
