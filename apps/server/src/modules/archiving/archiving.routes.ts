import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/error.schemas';
import { activeSession, requireAdmin } from '../auth/auth.guards';
import { requestContextOf } from '../auth/auth.plugin';
import { streamArchiveRunEvents, type TOpenStreams } from './archive-run-events.stream';
import {
  ZArchiveProfile,
  ZArchiveProfileInput,
  ZArchiveRunDetail,
  ZArchiveRunDetailQuery,
  ZArchiveRunIdParams,
  ZArchiveRunList,
  ZArchiveRunListQuery,
  ZArchiveRunStarted,
} from './archiving.schemas';
import type { TActorContext, TArchivingService } from './archiving.service';

export type TArchivingRoutesOptions = { archiving: TArchivingService };

function actorOf(request: FastifyRequest): TActorContext {
  const { user } = activeSession(request);
  return { actor: { userId: user.id, name: user.userName }, context: requestContextOf(request) };
}

const tags = ['archiving'];
const read = [{ sessionCookie: [] }];
const write = [{ sessionCookie: [], csrfToken: [] }];

export const archivingRoutes: FastifyPluginAsyncZod<TArchivingRoutesOptions> = async (app, options) => {
  const service = options.archiving;
  const openStreams: TOpenStreams = new Set();
  app.addHook('onRequest', requireAdmin);
  // An open event stream would otherwise keep app.close() waiting.
  app.addHook('onClose', async () => {
    for (const close of [...openStreams]) close();
  });

  app.get(
    '/profile',
    {
      schema: {
        tags,
        summary: 'The archiving profile: which mailboxes and folders, and when',
        security: read,
        response: { 200: ZArchiveProfile, ...errorResponses(401, 403) },
      },
    },
    async () => service.getProfile(),
  );

  app.put(
    '/profile',
    {
      schema: {
        tags,
        summary: 'Save the archiving profile',
        security: write,
        body: ZArchiveProfileInput,
        response: { 200: ZArchiveProfile, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.updateProfile(request.body, actorOf(request)),
  );

  app.post(
    '/estimate',
    {
      schema: {
        tags,
        summary: "Estimate: read each selected mailbox's folder counts and sizes, downloading nothing",
        security: write,
        response: { 202: ZArchiveRunStarted, ...errorResponses(401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(await service.startEstimate(actorOf(request))),
  );

  app.post(
    '/run',
    {
      schema: {
        tags,
        summary: 'Run now: archive every selected mailbox (one job per mailbox)',
        security: write,
        response: { 202: ZArchiveRunStarted, ...errorResponses(401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(await service.startRun(actorOf(request))),
  );

  app.get(
    '/runs',
    {
      schema: {
        tags,
        summary: 'Archive runs and estimates, newest first',
        security: read,
        querystring: ZArchiveRunListQuery,
        response: { 200: ZArchiveRunList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.listRuns(request.query.page, request.query.pageSize),
  );

  app.get(
    '/runs/:id',
    {
      schema: {
        tags,
        summary: "One run's report: each mailbox's counts, verdict and, when not complete, why",
        security: read,
        params: ZArchiveRunIdParams,
        querystring: ZArchiveRunDetailQuery,
        response: { 200: ZArchiveRunDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getRun(request.params.id, request.query),
  );

  app.get(
    '/runs/:id/events',
    {
      schema: {
        tags,
        summary:
          'Live progress of a run, overall and per mailbox, as server-sent events (`progress`, then `end`)',
        security: read,
        params: ZArchiveRunIdParams,
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => streamArchiveRunEvents(request, reply, service, request.params.id, openStreams),
  );
};
