import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors/app-error';

// Paths the server owns: a miss there is a real 404, never the console's index.html.
const SERVER_PREFIXES = ['/api', '/healthz', '/readyz', '/oidc'];

export const CONSOLE_NOT_BUILT_MESSAGE =
  'The web console has not been built yet. Run `pnpm --filter @wac/web build` and restart the server. ' +
  'The API is available under /api (documentation at /api/docs, for signed-in admins).\n';

export type TWebConsoleOptions = { distDir: string };

export function isConsolePath(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const pathname = url.split('?')[0] ?? '/';
  return !SERVER_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

function notFound(request: FastifyRequest): AppError {
  return new AppError('NOT_FOUND', {
    message: `No route for ${request.method} ${request.url.split('?')[0]}.`,
  });
}

export const webConsolePlugin = fp<TWebConsoleOptions>(
  async (app, options) => {
    const indexFile = path.join(options.distDir, 'index.html');
    const isBuilt = existsSync(indexFile);

    if (!isBuilt) {
      app.log.warn({ distDir: options.distDir }, 'web console build not found; serving a notice at /');
      const sendNotice = (reply: FastifyReply) =>
        reply.type('text/plain; charset=utf-8').send(CONSOLE_NOT_BUILT_MESSAGE);
      app.get('/', { schema: { hide: true } }, async (_request, reply) => sendNotice(reply));
      app.setNotFoundHandler(async (request, reply) => {
        if (isConsolePath(request.method, request.url)) return sendNotice(reply);
        throw notFound(request);
      });
      return;
    }

    await app.register(fastifyStatic, {
      root: options.distDir,
      prefix: '/',
      wildcard: true,
      cacheControl: false,
      // Vite fingerprints everything under assets/, so those can be cached forever; index.html must
      // never be cached or a deploy would leave browsers on stale asset names.
      setHeaders: (reply, filePath) => {
        const isFingerprinted = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', isFingerprinted ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });

    app.setNotFoundHandler(async (request, reply) => {
      if (isConsolePath(request.method, request.url)) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      throw notFound(request);
    });
  },
  { name: 'wac-web-console' },
);
