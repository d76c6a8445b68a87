import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error.schemas';
import { requireAdmin } from '../auth/auth.guards';
import { ZUserDetail, ZUserIdParams, ZUserListQuery, ZUserListResponse } from './users.schemas';
import type { TUsersService } from './users.service';

export type TUsersRoutesOptions = { users: TUsersService };

export const usersRoutes: FastifyPluginAsyncZod<TUsersRoutesOptions> = async (app, options) => {
  app.addHook('onRequest', requireAdmin);

  // '' rather than '/': the route is exactly /api/users, as the API contract and OpenAPI name it.
  app.get(
    '',
    {
      schema: {
        tags: ['users'],
        summary: 'List users, optionally filtered by user name, full name or email address',
        security: [{ sessionCookie: [] }],
        querystring: ZUserListQuery,
        response: { 200: ZUserListResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => options.users.list(request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One user with addresses, privileges and archive folder',
        security: [{ sessionCookie: [] }],
        params: ZUserIdParams,
        response: { 200: ZUserDetail, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => options.users.get(request.params.id),
  );
};
