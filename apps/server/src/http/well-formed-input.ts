import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

export const MALFORMED_TEXT_MESSAGE =
  'Contains a character that cannot be stored: a NUL character or a broken Unicode sequence (an unpaired surrogate).';

// Postgres refuses NUL in text, and an unpaired surrogate cannot be encoded as UTF-8: either would
// reach the database and fail there as a 500 instead of being refused here as the client's mistake.
// Without the u flag the regex sees UTF-16 code units: a high surrogate not followed by a low one,
// or a low one not preceded by a high one, is unpaired.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

const MAX_DEPTH = 32;

function collectMalformed(value: unknown, path: (string | number)[], found: (string | number)[][]): void {
  if (found.length >= 10 || path.length > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (!isWellFormedText(value)) found.push(path);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) collectMalformed(item, [...path, index], found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isWellFormedText(key)) found.push([...path, key]);
      else collectMalformed(item, [...path, key], found);
    }
  }
}

/** Any input (body, query, params) whose every string, keys included, is well-formed text. */
export const ZWellFormedInput = z.unknown().superRefine((value, ctx) => {
  const found: (string | number)[][] = [];
  collectMalformed(value, [], found);
  for (const path of found) ctx.addIssue({ code: 'custom', path, message: MALFORMED_TEXT_MESSAGE });
});

/**
 * The zod validator compiler with the well-formed-text rule in front of every route schema, so no
 * route can forget it and a bad string is a 400 naming its field before any handler (or the sign-in
 * throttle) runs.
 */
export const validatorCompiler: FastifySchemaCompiler<ZodType> = (route) =>
  zodValidatorCompiler({ ...route, schema: ZWellFormedInput.pipe(route.schema) });
