import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/error.schemas';
import { requireAdmin } from '../auth/auth.guards';
import type { TArchiveVerifyService } from './archive-verify.service';

export type TArchiveVerifyRoutesOptions = { verify: TArchiveVerifyService };

// Proxies close a connection that stays silent; a progress line at least this often keeps it open.
const PROGRESS_MS = 1000;

/**
 * POST /api/archiving/verify: a streamed request (NDJSON), so a verification of a big archive
 * needs no job table and no polling, and survives any proxy that passes a streaming response:
 * `{"type":"progress",...}` lines while blobs are read back, then one `{"type":"report",...}`
 * (or `{"type":"error",...}`) line, then the end of the response.
 */
export const archiveVerifyRoutes: FastifyPluginAsyncZod<TArchiveVerifyRoutesOptions> = async (
  app,
  options,
) => {
  app.addHook('onRequest', requireAdmin);

  app.post(
    '/',
    {
      schema: {
        tags: ['archiving'],
        summary:
          'Verify archive: read every blob back, decrypt, re-hash and compare with the database (NDJSON stream: progress lines, then the report)',
        security: [{ sessionCookie: [], csrfToken: [] }],
        produces: ['application/x-ndjson'],
        response: { 200: z.string().describe('application/x-ndjson'), ...errorResponses(401, 403, 409) },
      },
    },
    async (request, reply) => {
      let latest = { checkedMessages: 0, totalMessages: 0 };
      let lastSent = 0;
      const lines: string[] = [];
      let write: (line: string) => void = (line) => lines.push(line);
      // start() throws the 409 before anything is streamed, so it still goes out as a JSON error.
      const report = options.verify.start((progress) => {
        latest = progress;
        const now = Date.now();
        if (now - lastSent < PROGRESS_MS && progress.checkedMessages < progress.totalMessages) return;
        lastSent = now;
        write(`${JSON.stringify({ type: 'progress', ...progress })}\n`);
      });
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      write = (line) => response.write(line);
      for (const line of lines) write(line);
      write(`${JSON.stringify({ type: 'progress', ...latest })}\n`);
      const keepAlive = setInterval(
        () => write(`${JSON.stringify({ type: 'progress', ...latest })}\n`),
        PROGRESS_MS * 10,
      );
      try {
        write(`${JSON.stringify({ type: 'report', report: await report })}\n`);
      } catch (error) {
        request.log.error({ err: error }, 'archive verify failed');
        write(
          `${JSON.stringify({
            type: 'error',
            error: {
              code: 'INTERNAL',
              message: 'The verification stopped with an unexpected error; the server log has the details.',
              requestId: request.id,
            },
          })}\n`,
        );
      } finally {
        clearInterval(keepAlive);
        response.end();
      }
    },
  );
};
