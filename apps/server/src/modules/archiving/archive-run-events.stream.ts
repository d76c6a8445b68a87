import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TArchiveRunProgress } from './archiving.schemas';
import type { TArchivingService } from './archiving.service';
import { isRunFinished } from './run-verdict';

const POLL_MS = 1000;
// Proxies close a silent connection; a comment line every so often keeps it open.
const KEEP_ALIVE_MS = 15_000;

export type TOpenStreams = Set<() => void>;

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Server-sent events for one archive run: `progress` (overall figures and every running mailbox)
 * whenever they change, then `end` once the run has finished or paused. The database is the source,
 * so mailboxes may run on any instance; a change in this process only triggers an earlier look.
 */
export async function streamArchiveRunEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  service: TArchivingService,
  runId: string,
  openStreams: TOpenStreams,
): Promise<void> {
  const first = await service.getRunProgress(runId);
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });

  let lastSent = '';
  let isClosed = false;
  let timer: NodeJS.Timeout | undefined;
  let isLooking = false;

  const close = () => {
    if (isClosed) return;
    isClosed = true;
    clearTimeout(timer);
    clearInterval(keepAlive);
    unsubscribe();
    openStreams.delete(close);
    response.end();
  };
  // Returns true when the stream is over.
  const send = (progress: TArchiveRunProgress): boolean => {
    const text = JSON.stringify(progress);
    if (text !== lastSent) {
      lastSent = text;
      response.write(frame('progress', progress));
    }
    if (!isRunFinished(progress.run.status)) return false;
    response.write(frame('end', { status: progress.run.status }));
    close();
    return true;
  };
  const look = async () => {
    if (isClosed || isLooking) return;
    isLooking = true;
    clearTimeout(timer);
    try {
      const progress = await service.getRunProgress(runId);
      if (isClosed || send(progress)) return;
    } catch (error) {
      request.log.warn({ err: error, runId }, 'archive run events: reading the run failed');
    } finally {
      isLooking = false;
    }
    if (!isClosed) timer = setTimeout(look, POLL_MS);
  };

  const unsubscribe = service.onRunChanged((id) => {
    if (id === runId) void look();
  });
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  openStreams.add(close);
  request.raw.on('close', close);

  if (send(first)) return;
  timer = setTimeout(look, POLL_MS);
}
