import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

type TLogControllerOptions = ConstructorParameters<typeof LogController>[0];

// OAuth redirect URIs: their query carries authorization codes and state, credentials in all but
// name. Every /oidc path is treated so, so a future callback there is covered without a change here.
const CREDENTIAL_QUERY_PREFIXES = ['/oidc/'];

/** The URL as it may be logged: for OAuth callbacks, parameter names only. */
export function loggableUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const pathname = url.slice(0, queryStart);
  if (!CREDENTIAL_QUERY_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return url;
  const names = [...new URLSearchParams(url.slice(queryStart + 1)).keys()];
  return `${pathname}?${names.map((name) => `${encodeURIComponent(name)}=[redacted]`).join('&')}`;
}

// What Fastify's `req` serializer reads, with the URL replaced; the real request is left alone.
function loggableRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    headers: { 'accept-version': request.headers['accept-version'] },
    host: request.host,
    ip: request.ip,
    socket: request.socket,
  };
}

/**
 * Fastify's request log lines, with OAuth query strings redacted. Done here rather than with pino
 * serializers so it holds for any logger the app is given (tests pass their own instance).
 */
export class RequestLogController extends LogController {
  constructor(options: TLogControllerOptions) {
    super(options);
  }

  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info({ req: loggableRequest(request) }, 'incoming request');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (reply.statusCode >= 500)
      reply.log.error({ req: loggableRequest(request), res: reply, err: error }, error.message);
    else reply.log.info({ res: reply, err: error }, error.message);
  }

  override routeNotFound(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info(`Route ${request.method}:${loggableUrl(request.url)} not found`);
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    reply.log.warn({ req: loggableRequest(request), res: reply, err: error }, error.message);
  }
}
