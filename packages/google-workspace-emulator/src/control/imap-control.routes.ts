import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TEmulatorContext } from '../emulator-context';
import { ZImapFaultPatch } from '../imap/imap-faults';
import { endpoint } from '../route-config';

const ZUserParams = z.object({ user: z.string().min(1) });
const ZMessageBody = z.object({
  /** Base64 of the RFC 5322 bytes (exact bytes); or `raw` as text. */
  rawBase64: z.string().min(1).optional(),
  raw: z.string().min(1).optional(),
  labels: z.array(z.string().min(1)).optional(),
  flags: z.array(z.string().min(1)).optional(),
  internalDate: z.string().optional(),
  threadId: z.string().optional(),
});
const ZGenerateBody = z.object({
  count: z.number().int().min(1).max(200_000),
  seed: z.number().int().optional(),
  start: z.coerce.date().optional(),
  attachmentRate: z.number().min(0).max(1).optional(),
  maxAttachmentBytes: z.number().int().min(1024).optional(),
});
const ZFolderBody = z.object({ folder: z.string().min(1) });
const ZFetchLogQuery = z.object({ user: z.string().optional(), folder: z.string().optional() });

/** `/emulator/imap/*`: what in-process tests do with `emulator.gmail`, for the standalone emulator. */
export function registerImapControlRoutes(scope: FastifyInstance, ctx: TEmulatorContext): void {
  const label = endpoint('emulator.imap');
  scope.get('/imap', label, async () => ({
    address: ctx.imap.address ?? null,
    accounts: ctx.mail.accounts,
    faults: ctx.imapFaults.snapshot(),
  }));
  scope.get('/imap/faults', label, async () => ctx.imapFaults.snapshot());
  scope.post('/imap/faults', label, async (request) => {
    ctx.imapFaults.apply(ZImapFaultPatch.parse(request.body ?? {}));
    return ctx.imapFaults.snapshot();
  });
  scope.post('/imap/users/:user/messages', label, async (request, reply) => {
    const { user } = ZUserParams.parse(request.params);
    const body = ZMessageBody.parse(request.body);
    const raw = body.rawBase64 !== undefined ? Buffer.from(body.rawBase64, 'base64') : body.raw;
    if (raw === undefined)
      throw new z.ZodError([
        { code: 'custom', path: ['rawBase64'], message: 'rawBase64 or raw is required', input: body },
      ]);
    const seeded = ctx.gmail.addMessage(user, { ...body, raw });
    return reply.code(201).send(seeded);
  });
  scope.post('/imap/users/:user/generate', label, async (request, reply) => {
    const { user } = ZUserParams.parse(request.params);
    const seeded = ctx.gmail.addGeneratedMessages(user, ZGenerateBody.parse(request.body));
    return reply.code(201).send({
      added: seeded.length,
      bytes: seeded.reduce((sum, message) => sum + message.size, 0),
      gmMsgIds: seeded.map((message) => message.gmMsgId),
    });
  });
  scope.get('/imap/users/:user/folders', label, async (request) => {
    const { user } = ZUserParams.parse(request.params);
    return ctx.gmail.folders(user);
  });
  scope.post('/imap/users/:user/uidvalidity', label, async (request) => {
    const { user } = ZUserParams.parse(request.params);
    return ctx.gmail.changeUidValidity(user, ZFolderBody.parse(request.body).folder);
  });
  scope.get('/imap/fetch-log', label, async (request) =>
    ctx.fetchLog.list(ZFetchLogQuery.parse(request.query)),
  );
  scope.delete('/imap/fetch-log', label, async (_request, reply) => {
    ctx.fetchLog.clear();
    return reply.code(204).send();
  });
}
