import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error.schemas';
import { activeSession, requireAdmin } from '../auth/auth.guards';
import { requestContextOf } from '../auth/auth.plugin';
import {
  ZAdminUserBody,
  ZGoogleConnection,
  ZKeyUploadResult,
  ZSetupCheckBody,
  ZSetupCheckResult,
} from './google-connection.schemas';
import type { TActorContext, TGoogleConnectionService } from './google-connection.service';
import { KEY_UPLOAD_LIMITS, readKeyUpload } from './key-upload.reader';

export type TGoogleConnectionRoutesOptions = { googleConnection: TGoogleConnectionService };

function actorOf(request: FastifyRequest): TActorContext {
  const { user } = activeSession(request);
  return { actor: { userId: user.id, name: user.userName }, context: requestContextOf(request) };
}

const security = [{ sessionCookie: [], csrfToken: [] }];

export const googleConnectionRoutes: FastifyPluginAsyncZod<TGoogleConnectionRoutesOptions> = async (
  app,
  options,
) => {
  const service = options.googleConnection;
  app.addHook('onRequest', requireAdmin);
  // Scoped to these routes: nowhere else accepts uploads.
  await app.register(fastifyMultipart, { limits: KEY_UPLOAD_LIMITS });

  app.get(
    '/connection',
    {
      schema: {
        tags: ['google'],
        summary: 'The Google Workspace connection: key metadata, admin user, the scopes to delegate',
        security: [{ sessionCookie: [] }],
        response: { 200: ZGoogleConnection, ...errorResponses(401, 403) },
      },
    },
    async () => service.getConnection(),
  );

  app.post(
    '/key',
    {
      schema: {
        tags: ['google'],
        summary: 'Upload a service-account key (JSON, or .p12 with clientEmail)',
        description:
          'multipart/form-data with `file` (at most 64 KiB) and, for a .p12 key, `clientEmail`. The first key is ' +
          'stored at once; a later one becomes a candidate and replaces the current key only after Google issues ' +
          'a token for the admin user with it.',
        consumes: ['multipart/form-data'],
        security,
        response: { 200: ZKeyUploadResult, ...errorResponses(400, 401, 403, 409, 413) },
      },
    },
    async (request) => service.importKey(await readKeyUpload(request), actorOf(request)),
  );

  app.delete(
    '/key/candidate',
    {
      schema: {
        tags: ['google'],
        summary: 'Discard a new key that failed its connection check',
        security,
        response: { 200: ZGoogleConnection, ...errorResponses(401, 403) },
      },
    },
    async (request) => service.discardCandidate(actorOf(request)),
  );

  app.put(
    '/admin-user',
    {
      schema: {
        tags: ['google'],
        summary: 'Set the Workspace admin the service account acts as',
        security,
        body: ZAdminUserBody,
        response: { 200: ZGoogleConnection, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.setAdminUser(request.body.adminUser, actorOf(request)),
  );

  app.post(
    '/check',
    {
      schema: {
        tags: ['google'],
        summary:
          'Check the setup step by step (key, tokens, each scope, Directory API); keeps only the result, which GET /connection returns as lastCheck',
        security,
        body: ZSetupCheckBody,
        response: { 200: ZSetupCheckResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.runCheck(request.body ?? {}),
  );
};
