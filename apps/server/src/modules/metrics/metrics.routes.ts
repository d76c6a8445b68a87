import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { TMetrics } from './metrics.registry';

export type TMetricsRoutesOptions = { metrics: TMetrics; token: string | undefined };

// Hashing first gives equal-length buffers, so the comparison leaks neither content nor length.
function isSameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * GET /metrics in Prometheus's text format, for a scraper holding METRICS_TOKEN as a bearer token
 * (Prometheus: `authorization: { credentials: … }`). Without a token configured it answers 404
 * (explicitly: the console's page fallback would otherwise answer 200 with HTML). Not in the
 * OpenAPI document: it is no API.
 */
export const metricsRoutes: FastifyPluginAsync<TMetricsRoutesOptions> = async (app, options) => {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (options.token === undefined) {
      throw new AppError('NOT_FOUND', { message: 'Metrics are off: set METRICS_TOKEN to serve them.' });
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1] === undefined || !isSameToken(match[1], options.token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHENTICATED', { message: 'A valid metrics bearer token is required.' });
    }
    const { contentType, body } = await options.metrics.render();
    return reply.type(contentType).send(body);
  });
};
