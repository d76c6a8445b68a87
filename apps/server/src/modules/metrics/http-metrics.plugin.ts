import fp from 'fastify-plugin';
import type { TMetrics } from './metrics.registry';

export type THttpMetricsOptions = { metrics: TMetrics };

// A path no route matched (scanners, typos) would give each raw URL a series of its own.
const UNMATCHED_ROUTE = 'unmatched';

/** Request latency by the matched route pattern (`/api/users/:id`), never the raw URL. */
export const httpMetricsPlugin = fp<THttpMetricsOptions>(
  async (app, options) => {
    app.addHook('onResponse', async (request, reply) => {
      options.metrics.observeRequest(
        {
          method: request.method,
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          statusCode: reply.statusCode,
        },
        reply.elapsedTime / 1000,
      );
    });
  },
  { name: 'wac-http-metrics' },
);
