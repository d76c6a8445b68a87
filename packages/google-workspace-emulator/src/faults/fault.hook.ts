import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { apiErrors } from '../directory/google-api-error';
import type { TEmulatorContext } from '../emulator-context';
import { oauthErrors } from '../token/oauth-error';
import type { TFailureInjection } from './fault.schema';

/** Applies latency and injected failures before any handler runs; the control API is exempt. */
export function registerFaultHook(app: FastifyInstance, ctx: Pick<TEmulatorContext, 'faults'>): void {
  app.addHook('onRequest', async (request, reply) => {
    const label = request.routeOptions.config?.endpoint;
    if (label === undefined || label.startsWith('emulator.')) return;
    const delayMs = ctx.faults.delayFor(label);
    if (delayMs > 0) await sleep(delayMs);
    const injection = ctx.faults.takeFailure(label);
    if (!injection) return;
    if (injection.status === 429 || (injection.status === 403 && !label.startsWith('oauth.'))) {
      reply.header('retry-after', String(injection.retryAfterSeconds));
    }
    const error = label.startsWith('oauth.') ? oauthFailure(injection) : apiFailure(injection);
    return reply.code(error.statusCode).send(error.toJSON());
  });
}

function oauthFailure(injection: TFailureInjection) {
  return injection.status === 429 || injection.status === 403
    ? oauthErrors.rateLimited()
    : oauthErrors.backend(injection.status);
}

function apiFailure(injection: TFailureInjection) {
  if (injection.status === 429 || injection.status === 403) {
    return apiErrors.rateLimited(injection.status, injection.reason, injection.retryAfterSeconds);
  }
  return apiErrors.backend(injection.status);
}
