import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerControlRoutes } from './control/control.routes';
import { registerDirectoryRoutes } from './directory/directory.routes';
import type { TEmulatorContext } from './emulator-context';
import { registerFaultHook } from './faults/fault.hook';
import { registerOidcRoutes } from './oidc/oidc.routes';
import { registerTokenRoutes } from './token/token.routes';

/** The whole emulator as one Fastify app: Google's paths on one origin, plus `/emulator/*` controls. */
export function buildEmulatorApp(ctx: TEmulatorContext, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });
  app.register(formbody);
  registerFaultHook(app, ctx);
  app.addHook('onResponse', async (request, reply) => {
    ctx.stats.record(request.routeOptions.config?.endpoint ?? 'unknown', reply.statusCode);
  });
  registerTokenRoutes(app, ctx);
  registerDirectoryRoutes(app, ctx);
  registerOidcRoutes(app, ctx);
  registerControlRoutes(app, ctx);
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .send({ error: { code: 404, message: `Not Found: ${request.method} ${request.url.split('?')[0]}` } }),
  );
  return app;
}
