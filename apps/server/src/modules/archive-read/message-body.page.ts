import type { FastifyReply } from 'fastify';

/**
 * The policy of the frame that shows a message's HTML. Nothing may run (sandbox without
 * allow-scripts, no script-src), nothing may be submitted, and the only images are the ones the
 * sanitiser inlined as data: URLs, plus http(s) once the reader allows remote content for this
 * message. Links open outside the frame, in a new tab that does not inherit the sandbox.
 */
export function messageBodyPolicy(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${allowRemote ? ' https: http:' : ''}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    'sandbox allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
}

/** Sends the sanitised HTML as a document of its own, to be framed by the console only. */
export function sendMessageBody(reply: FastifyReply, sanitizedHtml: string, allowRemote: boolean) {
  const page =
    '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    '<style>body{font-family:system-ui,sans-serif;font-size:14px;margin:12px;overflow-wrap:anywhere}' +
    'img{max-width:100%;height:auto}</style></head><body>' +
    sanitizedHtml +
    '</body></html>';
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', messageBodyPolicy(allowRemote))
    .header('x-frame-options', 'SAMEORIGIN')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(page);
}
