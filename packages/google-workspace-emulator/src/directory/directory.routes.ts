import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import { endpoint } from '../route-config';
import { ACCEPTED_SCOPES, authorizeDirectoryCall } from './directory-auth';
import { listDomains } from './domains.service';
import { GoogleApiError } from './google-api-error';
import { getGroup, listGroups, listMembers } from './groups.service';
import { getUser, listUsers } from './users.service';

export const DIRECTORY_PREFIX = '/admin/directory/v1';

export function registerDirectoryRoutes(app: FastifyInstance, ctx: TEmulatorContext): void {
  app.register(
    async (scope) => {
      scope.setErrorHandler(async (error, _request, reply) => {
        if (error instanceof GoogleApiError) {
          if (error.extra.retryAfterSeconds !== undefined) {
            reply.header('retry-after', String(error.extra.retryAfterSeconds));
          }
          if (error.statusCode === 401)
            reply.header('www-authenticate', 'Bearer realm="https://accounts.google.com/"');
          return reply.code(error.statusCode).send(error.toJSON());
        }
        throw error;
      });

      const authorize = (request: FastifyRequest, accepted: readonly string[]) =>
        authorizeDirectoryCall(
          ctx,
          request.headers.authorization,
          paramOf(request.query, 'access_token'),
          accepted,
        );

      scope.get('/users', endpoint('directory.users.list'), async (request) => {
        authorize(request, ACCEPTED_SCOPES.users);
        return listUsers(ctx, request.query);
      });

      scope.get<{ Params: { userKey: string } }>(
        '/users/:userKey',
        endpoint('directory.users.get'),
        async (request) => {
          authorize(request, ACCEPTED_SCOPES.users);
          return getUser(ctx, request.params.userKey, request.query);
        },
      );

      scope.get<{ Params: { customer: string } }>(
        '/customer/:customer/domains',
        endpoint('directory.domains.list'),
        async (request) => {
          authorize(request, ACCEPTED_SCOPES.domains);
          return listDomains(ctx, request.params.customer);
        },
      );

      scope.get('/groups', endpoint('directory.groups.list'), async (request) => {
        authorize(request, ACCEPTED_SCOPES.groups);
        return listGroups(ctx, request.query);
      });

      scope.get<{ Params: { groupKey: string } }>(
        '/groups/:groupKey',
        endpoint('directory.groups.get'),
        async (request) => {
          authorize(request, ACCEPTED_SCOPES.groups);
          return getGroup(ctx, request.params.groupKey, request.query);
        },
      );

      scope.get<{ Params: { groupKey: string } }>(
        '/groups/:groupKey/members',
        endpoint('directory.members.list'),
        async (request) => {
          authorize(request, ACCEPTED_SCOPES.members);
          return listMembers(ctx, request.params.groupKey, request.query);
        },
      );
    },
    { prefix: DIRECTORY_PREFIX },
  );
}
