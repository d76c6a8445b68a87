import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DomainStateError } from '../domain/domain-errors';
import { ZFixtureUser } from '../domain/fixture.schema';
import type { TEmulatorContext } from '../emulator-context';
import { ZFaultPatch } from '../faults/fault.schema';
import { endpoint } from '../route-config';
import { registerImapControlRoutes } from './imap-control.routes';

const ZUserPatch = ZFixtureUser.omit({ id: true, deleted: true }).partial();
const ZUserKeyParams = z.object({ userKey: z.string().min(1) });

const STATUS_BY_KIND = { 'not-found': 404, conflict: 409, invalid: 400 } as const;

/**
 * Controls for the standalone emulator (`pnpm emulator`), where tests and benchmarks cannot reach
 * the in-process `state` and `faults` objects. Not part of Google's surface.
 */
export function registerControlRoutes(app: FastifyInstance, ctx: TEmulatorContext): void {
  app.register(
    async (scope) => {
      scope.setErrorHandler(async (error, _request, reply) => {
        if (error instanceof DomainStateError) {
          return reply.code(STATUS_BY_KIND[error.kind]).send({ error: error.kind, message: error.message });
        }
        if (error instanceof z.ZodError) {
          return reply.code(400).send({ error: 'invalid', message: z.prettifyError(error) });
        }
        throw error;
      });

      scope.get('/state', endpoint('emulator.state'), async () => ({
        url: ctx.origin.url,
        ...ctx.state.summary(),
        serviceAccounts: ctx.serviceAccounts.count,
        oidcClients: ctx.oidcClients.count,
        accessTokens: { issued: ctx.tokens.issued, live: ctx.tokens.live },
        stats: ctx.stats.snapshot(),
        imap: ctx.imap.address ?? null,
      }));

      scope.get('/faults', endpoint('emulator.faults'), async () => ctx.faults.snapshot());
      scope.post('/faults', endpoint('emulator.faults'), async (request) => {
        ctx.faults.apply(ZFaultPatch.parse(request.body ?? {}));
        return ctx.faults.snapshot();
      });

      scope.post('/users', endpoint('emulator.users'), async (request, reply) => {
        const user = ctx.state.addUser(ZFixtureUser.parse(request.body));
        return reply.code(201).send(user);
      });
      scope.patch('/users/:userKey', endpoint('emulator.users'), async (request) => {
        const { userKey } = ZUserKeyParams.parse(request.params);
        return ctx.state.updateUser(userKey, ZUserPatch.parse(request.body));
      });
      scope.delete('/users/:userKey', endpoint('emulator.users'), async (request) => {
        const { userKey } = ZUserKeyParams.parse(request.params);
        return ctx.state.deleteUser(userKey);
      });

      registerImapControlRoutes(scope, ctx);
    },
    { prefix: '/emulator' },
  );
}
