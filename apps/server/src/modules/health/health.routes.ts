import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error.schemas';
import { ZLiveness, ZReadiness } from './health.schemas';
import type { THealthService } from './health.service';

export type THealthRoutesOptions = { health: THealthService };

export const healthRoutes: FastifyPluginAsyncZod<THealthRoutesOptions> = async (app, options) => {
  app.get(
    '/healthz',
    {
      schema: { tags: ['health'], summary: 'The process is up', response: { 200: ZLiveness } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database answers and every migration is applied',
        response: { 200: ZReadiness, ...errorResponses(503) },
      },
    },
    async () => options.health.checkReadiness(),
  );
};
