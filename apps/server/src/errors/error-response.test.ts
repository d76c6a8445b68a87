import { validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './app-error';
import { toErrorResponse } from './error-response';

const REQUEST_ID = 'req-123';

function fastifyValidationError(schema: z.ZodType, value: unknown, context: string) {
  // The same compiler the app uses, so the test sees the real shape of a failed validation.
  const result = validatorCompiler({ schema, method: 'POST', url: '/x', httpPart: context })(value) as {
    error?: unknown;
  };
  if (result.error === undefined) throw new Error('expected the value to be invalid');
  return Object.assign(new Error('validation'), {
    statusCode: 400,
    validation: result.error,
    validationContext: context,
  });
}

describe('toErrorResponse', () => {
  it('maps an AppError through the status table and keeps its message and details', () => {
    const response = toErrorResponse(
      new AppError('TOO_MANY_ATTEMPTS', {
        message: 'Too many attempts.',
        details: { retryAfterSeconds: 60 },
      }),
      REQUEST_ID,
    );
    expect(response.statusCode).toBe(429);
    expect(response.body).toEqual({
      error: {
        code: 'TOO_MANY_ATTEMPTS',
        message: 'Too many attempts.',
        requestId: REQUEST_ID,
        details: { retryAfterSeconds: 60 },
      },
    });
    expect(response.isServerFault).toBe(false);
  });

  it.each([
    ['UNAUTHENTICATED', 401],
    ['INVALID_CREDENTIALS', 401],
    ['FORBIDDEN', 403],
    ['CSRF_TOKEN_INVALID', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['NOT_READY', 503],
  ] as const)('maps %s to %i', (code, status) => {
    const response = toErrorResponse(new AppError(code, { message: 'x' }), REQUEST_ID);
    expect(response.statusCode).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error).not.toHaveProperty('details');
  });

  it('maps request validation failures to 400 VALIDATION_FAILED with the issues', () => {
    const schema = z.object({ userName: z.string().min(1), page: z.number() });
    const response = toErrorResponse(
      fastifyValidationError(schema, { userName: '', page: 'x' }, 'body'),
      REQUEST_ID,
    );
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const issues = response.body.error.details?.issues as Array<Record<string, string>>;
    expect(issues.map((issue) => [issue.location, issue.path])).toEqual([
      ['body', 'userName'],
      ['body', 'page'],
    ]);
    expect(issues[0]?.message).toBeTruthy();
    expect(Object.keys(response.body.error.details?.fields as object)).toEqual(['userName', 'page']);
    expect(response.body.error.message).toBe('The request is not valid: 2 fields need a change.');
  });

  it("gives each body field its schema's own message, the first one per field", () => {
    const schema = z.object({
      clientId: z.string().trim().min(1, 'Enter the client ID.').regex(/^\S+$/, 'No spaces.'),
      publicBaseUrl: z.string().min(1, "Enter this server's public URL."),
    });
    const response = toErrorResponse(
      fastifyValidationError(schema, { clientId: '', publicBaseUrl: 'https://x' }, 'body'),
      REQUEST_ID,
    );
    expect(response.body.error.details?.fields).toEqual({ clientId: 'Enter the client ID.' });
    expect(response.body.error.message).toBe('The request is not valid: Enter the client ID.');
  });

  it('turns a service-side field rejection (details.field) into the same per-field shape', () => {
    const response = toErrorResponse(
      new AppError('VALIDATION_FAILED', {
        message: 'Enter the client secret from the Google Cloud console.',
        details: { field: 'clientSecret' },
      }),
      REQUEST_ID,
    );
    expect(response.statusCode).toBe(400);
    expect(response.body.error.details).toEqual({
      field: 'clientSecret',
      fields: { clientSecret: 'Enter the client secret from the Google Cloud console.' },
    });
  });

  it('maps a ZodError thrown by a service to 400 VALIDATION_FAILED', () => {
    const result = z.object({ a: z.string() }).safeParse({ a: 1 });
    const response = toErrorResponse(result.error, REQUEST_ID);
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it("keeps Fastify's own client errors (bad JSON, wrong media type, too large) as 4xx", () => {
    const badJson = Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 });
    expect(toErrorResponse(badJson, REQUEST_ID)).toMatchObject({
      statusCode: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'Body is not valid JSON' } },
    });
    const mediaType = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 });
    expect(toErrorResponse(mediaType, REQUEST_ID).body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(toErrorResponse(tooLarge, REQUEST_ID).statusCode).toBe(413);
  });

  it('turns anything else into a generic 500 that leaks nothing', () => {
    const internal = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    const response = toErrorResponse(internal, REQUEST_ID);
    expect(response.statusCode).toBe(500);
    expect(response.isServerFault).toBe(true);
    expect(response.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|hunter2|5432/);
    expect(response.body.error.requestId).toBe(REQUEST_ID);
  });

  it('does not trust the message of an INTERNAL AppError or of a thrown 5xx', () => {
    const appError = new AppError('INTERNAL', { message: 'query failed: SELECT * FROM "User"' });
    expect(toErrorResponse(appError, REQUEST_ID).body.error.message).not.toContain('SELECT');
    const fiveHundred = Object.assign(new Error('upstream said: secret token abc'), { statusCode: 502 });
    const response = toErrorResponse(fiveHundred, REQUEST_ID);
    expect(response.statusCode).toBe(500);
    expect(response.body.error.message).not.toContain('secret');
  });

  it('handles non-Error throwables', () => {
    expect(toErrorResponse('boom', REQUEST_ID).statusCode).toBe(500);
    expect(toErrorResponse(null, REQUEST_ID).body.error.code).toBe('INTERNAL');
  });
});
