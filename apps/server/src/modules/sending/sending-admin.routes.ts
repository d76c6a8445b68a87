import {
  ZApiTokenCreated,
  ZApiTokenInput,
  ZApiTokenList,
  ZApiTokenView,
  ZSendLog,
  ZSendMessageAccepted,
  ZSendMessageView,
  ZSendSettings,
  ZSendSettingsInput,
  ZTestSendInput,
} from '@wac/api-contract';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/error.schemas';
import { activeSession, requireAdmin } from '../auth/auth.guards';
import { requestContextOf } from '../auth/auth.plugin';
import type { TApiTokenService } from './api-token.service';
import type { TSendSettingsService } from './send-settings.service';
import type { TSendingService } from './sending.service';

export type TSendingAdminRoutesOptions = {
  sending: TSendingService;
  apiTokens: TApiTokenService;
  settings: TSendSettingsService;
};

function whoOf(request: FastifyRequest) {
  const { user } = activeSession(request);
  return { actor: { userId: user.id, name: user.userName }, context: requestContextOf(request) };
}

const tags = ['sending'];
const read = [{ sessionCookie: [] }];
const write = [{ sessionCookie: [], csrfToken: [] }];

/** The console's Mail area: API tokens, allowed senders, notifications, the send log, Send test e-mail. */
export const sendingAdminRoutes: FastifyPluginAsyncZod<TSendingAdminRoutesOptions> = async (app, options) => {
  const { sending, apiTokens, settings } = options;
  app.addHook('onRequest', requireAdmin);

  app.get(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'API tokens (never the tokens themselves)',
        security: read,
        response: { 200: ZApiTokenList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ apiTokens: await apiTokens.list() }),
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the response is the only place the token is shown',
        security: write,
        body: ZApiTokenInput,
        response: { 201: ZApiTokenCreated, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await apiTokens.create(
            { name: request.body.name, senders: request.body.senders.map((sender) => sender.address) },
            whoOf(request),
          ),
        ),
  );

  app.post(
    '/tokens/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an API token: requests with it are refused from now on',
        security: write,
        params: z.object({ id: z.uuid() }),
        response: { 200: ZApiTokenView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => apiTokens.revoke(request.params.id, whoOf(request)),
  );

  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary: 'Allowed senders, notifications, limits',
        security: read,
        response: { 200: ZSendSettings, ...errorResponses(401, 403) },
      },
    },
    async () => settings.get(),
  );

  app.put(
    '/settings',
    {
      schema: {
        tags,
        summary: 'Save allowed senders and notification settings',
        security: write,
        body: ZSendSettingsInput,
        response: { 200: ZSendSettings, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => settings.update(request.body, whoOf(request)),
  );

  app.get(
    '/log',
    {
      schema: {
        tags,
        summary: 'The send log, newest first',
        security: read,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z.iso.datetime().optional(),
        }),
        response: { 200: ZSendLog, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      sending.listLog({
        limit: request.query.limit,
        ...(request.query.before ? { before: new Date(request.query.before) } : {}),
      }),
  );

  app.get(
    '/log/:id',
    {
      schema: {
        tags,
        summary: 'One message of the send log',
        security: read,
        params: z.object({ id: z.uuid() }),
        response: { 200: ZSendMessageView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => sending.getMessage(request.params.id),
  );

  app.post(
    '/test',
    {
      schema: {
        tags,
        summary: 'Send test e-mail: queue a short message from an allowed sender',
        security: write,
        body: ZTestSendInput,
        response: { 202: ZSendMessageAccepted, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => reply.code(202).send(await settings.sendTest(request.body, whoOf(request))),
  );
};
