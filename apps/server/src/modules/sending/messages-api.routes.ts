import {
  MAX_SEND_REQUEST_BYTES,
  ZSendMessageAccepted,
  ZSendMessageInput,
  ZSendMessageView,
} from '@wac/api-contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/error.schemas';
import type { TApiTokenService } from './api-token.service';
import type { TSendingService } from './sending.service';

export type TMessagesApiRoutesOptions = { sending: TSendingService; apiTokens: TApiTokenService };

const tags = ['send API'];
const security = [{ bearerToken: [] }];

const ZIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
});

/** The send API for applications: `Authorization: Bearer <API token>`, no session, no cookie. */
export const messagesApiRoutes: FastifyPluginAsyncZod<TMessagesApiRoutesOptions> = async (app, options) => {
  const { sending, apiTokens } = options;

  app.post(
    '/messages',
    {
      bodyLimit: MAX_SEND_REQUEST_BYTES,
      schema: {
        tags,
        summary: 'Queue a message, sent as the From user through Gmail; answers at once with its id',
        security,
        headers: ZIdempotencyHeaders,
        body: ZSendMessageInput,
        response: {
          202: ZSendMessageAccepted,
          200: ZSendMessageAccepted,
          ...errorResponses(400, 401, 403, 413, 429),
        },
      },
    },
    async (request, reply) => {
      const token = await apiTokens.authenticate(request.headers.authorization);
      const accepted = await sending.sendFromApi(
        request.body,
        token,
        request.headers['idempotency-key'] ?? null,
      );
      return reply.code(accepted.isReplay ? 200 : 202).send(accepted);
    },
  );

  app.get(
    '/messages/:id',
    {
      schema: {
        tags,
        summary: "A message's status, attempts, Gmail's reply and its Message-ID",
        security,
        params: z.object({ id: z.uuid() }),
        response: { 200: ZSendMessageView, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const token = await apiTokens.authenticate(request.headers.authorization);
      // A token sees only the messages it sent.
      return sending.getMessage(request.params.id, token.id);
    },
  );
};
