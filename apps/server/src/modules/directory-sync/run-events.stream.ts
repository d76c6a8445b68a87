import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TRunSummary } from './directory-sync.schemas';
import type { TDirectorySyncService } from './directory-sync.service';

const POLL_MS = 500;
// Proxies close a silent connection; a comment line every so often keeps it open.
const KEEP_ALIVE_MS = 15_000;

export type TOpenStreams = Set<() => void>;

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Server-sent events for one run: a `progress` event whenever its row changes, then `end` when it
 * is no longer RUNNING. The database row is the source, so the run may execute on any instance;
 * progress from a run in this process only triggers an earlier look.
 */
export async function streamRunEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  service: TDirectorySyncService,
  runId: string,
  openStreams: TOpenStreams,
): Promise<void> {
  const first = await service.getRunSummary(runId);
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
  const send = (summary: TRunSummary) => {
    const text = JSON.stringify(summary);
    if (text === lastSent) return;
    lastSent = text;
    response.write(frame('progress', summary));
  };
  const look = async () => {
    if (isClosed || isLooking) return;
    isLooking = true;
    clearTimeout(timer);
    try {
      const summary = await service.getRunSummary(runId);
      if (isClosed) return;
      send(summary);
      if (summary.status !== 'RUNNING') {
        response.write(frame('end', { status: summary.status }));
        close();
        return;
      }
    } catch (error) {
      request.log.warn({ err: error, runId }, 'run events: reading the run failed');
    } finally {
      isLooking = false;
    }
    if (!isClosed) timer = setTimeout(look, POLL_MS);
  };

  const unsubscribe = service.onProgress((id) => {
    if (id === runId) void look();
  });
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  openStreams.add(close);
  request.raw.on('close', close);

  send(first);
  if (first.status !== 'RUNNING') {
    response.write(frame('end', { status: first.status }));
    close();
    return;
  }
  timer = setTimeout(look, POLL_MS);
}
