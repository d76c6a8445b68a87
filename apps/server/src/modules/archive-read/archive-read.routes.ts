import { createReadStream } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/error.schemas';
import { activeSession, requireSession } from '../auth/auth.guards';
import type { TReadContext } from './access-log.service';
import type { TArchiveExportService } from './archive-export.service';
import {
  ZArchivedMessageView,
  ZArchiveExport,
  ZArchiveExportInput,
  ZArchiveExportList,
  ZArchiveRestore,
  ZArchiveRestoreInput,
  ZArchiveRestoreList,
  ZArchiveSearchQuery,
  ZArchiveSearchResult,
  ZArchiveThread,
  ZAttachmentParams,
  ZExportParams,
  ZMessageBodyQuery,
  ZMessageParams,
  ZReadableArchiveList,
  ZRestoreParams,
} from './archive-read.schemas';
import type { TArchiveReadService } from './archive-read.service';
import type { TArchiveArea } from './archive-reader.policy';
import type { TArchiveRestoreService } from './archive-restore.service';
import { parseByteRange } from './byte-range';
import { attachmentDisposition, safeContentType, safeFileName } from './content-disposition';
import { sendMessageBody } from './message-body.page';

export type TArchiveReadRoutesOptions = {
  area: TArchiveArea;
  read: TArchiveReadService;
  exports: TArchiveExportService;
  restores: TArchiveRestoreService;
};

// Buffers and streams bypass the serializer; the schema only documents the download.
const ZBinary = z.unknown().meta({ type: 'string', format: 'binary', description: 'The file itself.' });
const read = [{ sessionCookie: [] }];
const write = [{ sessionCookie: [], csrfToken: [] }];

export function readContextOf(request: FastifyRequest): TReadContext {
  const { user } = activeSession(request);
  const agent = request.headers['user-agent'];
  return {
    userId: user.id,
    userName: user.userName,
    ip: request.ip,
    userAgent: typeof agent === 'string' ? agent : null,
    requestId: request.id,
  };
}

/** Downloads are never rendered by the browser: attachment disposition, nosniff, no scripts. */
function sendDownload(reply: FastifyReply, fileName: string, contentType: string) {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', attachmentDisposition(fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store');
}

/**
 * Search, viewer, export and restore over one area: a user's own archives (/api/me/archive) or
 * every archive for admins and auditors (/api/archive). The routes are the same; the area decides
 * what the reader policy lets through, and every access lands in the access log.
 */
export const archiveReadRoutes: FastifyPluginAsyncZod<TArchiveReadRoutesOptions> = async (app, options) => {
  const { area, read: service, exports, restores } = options;
  const tags = [area === 'OWN' ? 'my archive' : 'archives'];
  app.addHook('onRequest', requireSession);
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
  });

  app.get(
    '/archives',
    {
      schema: {
        tags,
        summary: 'The archives this reader may search, and whether they may export and restore',
        security: read,
        response: { 200: ZReadableArchiveList, ...errorResponses(401, 403) },
      },
    },
    async (request) => service.listArchives(activeSession(request), area),
  );

  app.get(
    '/search',
    {
      schema: {
        tags,
        summary: "Search with Gmail's operators; newest first, keyset pages (cursor), bounded count",
        security: read,
        querystring: ZArchiveSearchQuery,
        response: { 200: ZArchiveSearchResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.search(activeSession(request), area, request.query, readContextOf(request)),
  );

  app.get(
    '/messages/:messageId',
    {
      schema: {
        tags,
        summary: 'One message: headers, text, attachments and where the archive holds it',
        security: read,
        params: ZMessageParams,
        response: { 200: ZArchivedMessageView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) =>
      service.open(activeSession(request), area, request.params.messageId, readContextOf(request)),
  );

  app.get(
    '/messages/:messageId/body',
    {
      schema: {
        tags,
        summary: 'The HTML part, sanitised, as a sandboxed document for the viewer frame',
        security: read,
        params: ZMessageParams,
        querystring: ZMessageBodyQuery,
        response: { 200: z.string().meta({ description: 'text/html' }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const allowRemote = request.query.remote === 'allow';
      const html = await service.body(
        activeSession(request),
        area,
        request.params.messageId,
        allowRemote,
        readContextOf(request),
      );
      return sendMessageBody(reply, html, allowRemote);
    },
  );

  app.get(
    '/messages/:messageId/thread',
    {
      schema: {
        tags,
        summary: 'The conversation: by X-GM-THRID where known, else References/In-Reply-To',
        security: read,
        params: ZMessageParams,
        response: { 200: ZArchiveThread, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) =>
      service.thread(activeSession(request), area, request.params.messageId, readContextOf(request)),
  );

  app.get(
    '/messages/:messageId/attachments/:index',
    {
      schema: {
        tags,
        summary: 'One attachment, as a download (never rendered)',
        security: read,
        params: ZAttachmentParams,
        response: { 200: ZBinary, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const attachment = await service.attachment(
        activeSession(request),
        area,
        request.params.messageId,
        request.params.index,
        readContextOf(request),
      );
      return sendDownload(reply, attachment.filename, safeContentType(attachment.contentType)).send(
        Buffer.from(attachment.content),
      );
    },
  );

  app.get(
    '/messages/:messageId/raw',
    {
      schema: {
        tags,
        summary: 'The message exactly as archived (.eml)',
        security: read,
        params: ZMessageParams,
        response: { 200: ZBinary, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { raw, subject } = await service.raw(
        activeSession(request),
        area,
        request.params.messageId,
        readContextOf(request),
      );
      return sendDownload(reply, `${safeFileName(subject ?? '', 'message')}.eml`, 'message/rfc822').send(raw);
    },
  );

  app.post(
    '/exports',
    {
      schema: {
        tags,
        summary: 'Prepare an export (mbox or zip of .eml) of messages, a folder, a label or a search',
        security: write,
        body: ZArchiveExportInput,
        response: { 202: ZArchiveExport, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await exports.create(activeSession(request), area, request.body, readContextOf(request))),
  );

  app.get(
    '/exports',
    {
      schema: {
        tags,
        summary: 'The export log: own exports (admins: everyone’s)',
        security: read,
        response: { 200: ZArchiveExportList, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await exports.list(activeSession(request), area) }),
  );

  app.get(
    '/exports/:exportId',
    {
      schema: {
        tags,
        summary: 'One export and its progress',
        security: read,
        params: ZExportParams,
        response: { 200: ZArchiveExport, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => exports.get(activeSession(request), area, request.params.exportId),
  );

  app.get(
    '/exports/:exportId/download',
    {
      schema: {
        tags,
        summary: 'Download a prepared export; Range requests resume an interrupted download',
        security: read,
        params: ZExportParams,
        response: { 200: ZBinary, 206: ZBinary, 416: ZBinary, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const rangeHeader = typeof request.headers.range === 'string' ? request.headers.range : null;
      const file = await exports.download(
        activeSession(request),
        area,
        request.params.exportId,
        rangeHeader,
        readContextOf(request),
      );
      sendDownload(reply, file.fileName, file.contentType)
        .header('accept-ranges', 'bytes')
        .header('etag', file.etag)
        .header('last-modified', file.lastModified.toUTCString());
      const ifRange = request.headers['if-range'];
      const range =
        rangeHeader && (!ifRange || ifRange === file.etag) ? parseByteRange(rangeHeader, file.size) : null;
      if (range === 'unsatisfiable') {
        return reply.code(416).header('content-range', `bytes */${file.size}`).send('');
      }
      if (range) {
        return reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
          .header('content-length', String(range.end - range.start + 1))
          .send(createReadStream(file.file, { start: range.start, end: range.end }));
      }
      return reply.header('content-length', String(file.size)).send(createReadStream(file.file));
    },
  );

  app.post(
    '/restores',
    {
      schema: {
        tags,
        summary: "Put messages, a label or a search result back into the archive owner's Gmail",
        security: write,
        body: ZArchiveRestoreInput,
        response: { 202: ZArchiveRestore, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await restores.create(activeSession(request), area, request.body, readContextOf(request))),
  );

  app.get(
    '/restores',
    {
      schema: {
        tags,
        summary: 'Restores started by this reader (admins: all)',
        security: read,
        response: { 200: ZArchiveRestoreList, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await restores.list(activeSession(request), area) }),
  );

  app.get(
    '/restores/:restoreId',
    {
      schema: {
        tags,
        summary: 'One restore and its progress',
        security: read,
        params: ZRestoreParams,
        response: { 200: ZArchiveRestore, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => restores.get(activeSession(request), area, request.params.restoreId),
  );
};
