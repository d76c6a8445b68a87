import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, ERROR_STATUS, type TErrorCode } from './app-error';

export type TErrorBody = {
  error: { code: TErrorCode; message: string; requestId: string; details?: Record<string, unknown> };
};

export type TErrorResponse = { statusCode: number; body: TErrorBody; isServerFault: boolean };

export type TValidationIssue = { location: string; path: string; code: string; message: string };

/** Per-field messages of a failed validation, keyed by the body field's path (`clientId`, `a.b`). */
export type TFieldErrors = Record<string, string>;

const GENERIC_INTERNAL_MESSAGE = 'Something went wrong on the server. The error has been logged.';

// Fastify's own 4xx errors (bad JSON, wrong content type, body too large) carry safe, useful messages.
const CLIENT_STATUS_CODES: Record<number, TErrorCode> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

function validationIssuesOf(error: unknown): TValidationIssue[] | undefined {
  if (error instanceof ZodError) {
    return error.issues.map((issue) => ({
      location: 'body',
      path: issue.path.join('.'),
      code: issue.code,
      message: issue.message,
    }));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = (error as { validationContext?: string }).validationContext ?? 'request';
    return error.validation.map((issue) => ({
      location,
      path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      code: issue.keyword,
      message: issue.message ?? 'is invalid',
    }));
  }
  return undefined;
}

// A form shows each field's first problem beside it; later issues on the same field are noise.
function fieldErrorsOf(issues: TValidationIssue[]): TFieldErrors {
  const fields: TFieldErrors = {};
  for (const issue of issues) {
    if (issue.location !== 'body' || issue.path === '' || issue.path in fields) continue;
    fields[issue.path] = issue.message;
  }
  return fields;
}

// A service that rejects one field on its own (after the schema passed) names it in details.field.
function withFieldOfAppError(error: AppError): Record<string, unknown> | undefined {
  const field = error.details?.field;
  if (error.code !== 'VALIDATION_FAILED' || typeof field !== 'string') return error.details;
  return { ...error.details, fields: { [field]: error.message } };
}

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  const { statusCode } = error as { statusCode: unknown };
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** Maps anything thrown during a request to the public error body. Pure, so it is unit-tested alone. */
export function toErrorResponse(error: unknown, requestId: string): TErrorResponse {
  const build = (code: TErrorCode, message: string, details?: Record<string, unknown>): TErrorResponse => {
    const statusCode = ERROR_STATUS[code];
    return {
      statusCode,
      body: { error: { code, message, requestId, ...(details === undefined ? {} : { details }) } },
      isServerFault: statusCode >= 500,
    };
  };

  if (error instanceof AppError) {
    if (error.statusCode >= 500 && error.code === 'INTERNAL')
      return build('INTERNAL', GENERIC_INTERNAL_MESSAGE);
    return build(error.code, error.message, withFieldOfAppError(error));
  }

  const issues = validationIssuesOf(error);
  if (issues !== undefined) {
    const fields = fieldErrorsOf(issues);
    const count = Object.keys(fields).length;
    const message =
      count === 0
        ? 'The request is not valid.'
        : count === 1
          ? `The request is not valid: ${Object.values(fields)[0]}`
          : `The request is not valid: ${count} fields need a change.`;
    return build('VALIDATION_FAILED', message, { issues, fields });
  }

  const statusCode = statusCodeOf(error);
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    const code = CLIENT_STATUS_CODES[statusCode] ?? 'BAD_REQUEST';
    const message =
      error instanceof Error && error.message !== '' ? error.message : 'The request is not valid.';
    return { ...build(code, message), statusCode };
  }

  return build('INTERNAL', GENERIC_INTERNAL_MESSAGE);
}
