import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/error.schemas';
import { activeSession, requireAdmin } from '../auth/auth.guards';
import { requestContextOf } from '../auth/auth.plugin';
import {
  ZGroupListQuery,
  ZGroupListResponse,
  ZGroupScope,
  ZGroupScopeInput,
  ZRunChangeParams,
  ZRunDetail,
  ZRunDetailQuery,
  ZRunIdParams,
  ZRunListQuery,
  ZRunListResponse,
  ZRunStarted,
  ZStaleUserRemoved,
  ZSyncSettings,
  ZSyncSettingsInput,
} from './directory-sync.schemas';
import type { TActorContext, TDirectorySyncService } from './directory-sync.service';
import { streamRunEvents, type TOpenStreams } from './run-events.stream';

export type TDirectorySyncRoutesOptions = { directorySync: TDirectorySyncService };

function actorOf(request: FastifyRequest): TActorContext {
  const { user } = activeSession(request);
  return { actor: { userId: user.id, name: user.userName }, context: requestContextOf(request) };
}

const tags = ['directory-sync'];
const read = [{ sessionCookie: [] }];
const write = [{ sessionCookie: [], csrfToken: [] }];

export const directorySyncRoutes: FastifyPluginAsyncZod<TDirectorySyncRoutesOptions> = async (
  app,
  options,
) => {
  const service = options.directorySync;
  const openStreams: TOpenStreams = new Set();
  app.addHook('onRequest', requireAdmin);
  // An open event stream would otherwise keep app.close() waiting.
  app.addHook('onClose', async () => {
    for (const close of [...openStreams]) close();
  });

  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary: 'Directory synchronization settings',
        security: read,
        response: { 200: ZSyncSettings, ...errorResponses(401, 403) },
      },
    },
    async () => service.getSettings(),
  );

  app.put(
    '/settings',
    {
      schema: {
        tags,
        summary: 'Save the directory synchronization settings',
        security: write,
        body: ZSyncSettingsInput,
        response: { 200: ZSyncSettings, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.updateSettings(request.body, actorOf(request)),
  );

  app.get(
    '/groups',
    {
      schema: {
        tags,
        summary: "The domain's Google groups (for the group filter), optionally filtered by address or name",
        security: read,
        querystring: ZGroupListQuery,
        response: { 200: ZGroupListResponse, ...errorResponses(401, 403, 409, 502) },
      },
    },
    async (request) => service.listGroups(request.query.search),
  );

  app.post(
    '/groups/scope',
    {
      schema: {
        tags,
        summary:
          'What the chosen groups select: which of them hold everyone in the organisation (so filter nothing)',
        security: write,
        body: ZGroupScopeInput,
        response: { 200: ZGroupScope, ...errorResponses(400, 401, 403, 409, 502) },
      },
    },
    async (request) => service.checkGroupScope(request.body.groups),
  );

  app.post(
    '/test',
    {
      schema: {
        tags,
        summary: 'Test Settings: a dry run that records the plan and changes nothing',
        security: write,
        response: { 202: ZRunStarted, ...errorResponses(401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(await service.startTest(actorOf(request))),
  );

  app.post(
    '/run',
    {
      schema: {
        tags,
        summary: 'Synchronize now: read Google Workspace afresh and apply the plan',
        security: write,
        response: { 202: ZRunStarted, ...errorResponses(401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(await service.startSync(actorOf(request))),
  );

  app.get(
    '/runs',
    {
      schema: {
        tags,
        summary: 'The synchronization history, newest first',
        security: read,
        querystring: ZRunListQuery,
        response: { 200: ZRunListResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.listRuns(request.query.page, request.query.pageSize),
  );

  app.get(
    '/runs/:id',
    {
      schema: {
        tags,
        summary: 'One run with its per-user changes (filterable by kind and user name, paged)',
        security: read,
        params: ZRunIdParams,
        querystring: ZRunDetailQuery,
        response: { 200: ZRunDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getRun(request.params.id, request.query),
  );

  app.get(
    '/runs/:id/events',
    {
      schema: {
        tags,
        summary: 'Live progress of a run as server-sent events (`progress`, then `end`)',
        security: read,
        params: ZRunIdParams,
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => streamRunEvents(request, reply, service, request.params.id, openStreams),
  );

  app.post(
    '/runs/:id/confirm-deletions',
    {
      schema: {
        tags,
        summary: 'Confirm the deletions a run held back; they are re-checked against a fresh read first',
        security: write,
        params: ZRunIdParams,
        response: { 202: ZRunStarted, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await service.confirmDeletions(request.params.id, actorOf(request))),
  );

  app.post(
    '/runs/:id/changes/:changeId/remove-stale-user',
    {
      schema: {
        tags,
        summary:
          'Remove the stale user a conflict names (gone from Google, holding a new user’s name); its archive folder is kept',
        security: write,
        params: ZRunChangeParams,
        response: { 200: ZStaleUserRemoved, ...errorResponses(400, 401, 403, 404, 409, 502) },
      },
    },
    async (request) => service.removeStaleUser(request.params.id, request.params.changeId, actorOf(request)),
  );
};
