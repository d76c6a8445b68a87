import { z } from 'zod';
import { ERROR_STATUS, type TErrorCode } from '../errors/app-error';

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [TErrorCode, ...TErrorCode[]]),
      message: z.string(),
      requestId: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'ErrorBody', description: 'Every API error has this shape.' });

/** Response-schema entries for the error statuses a route can answer, so OpenAPI documents them. */
export function errorResponses(...statuses: number[]): Record<number, typeof ZErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ZErrorBody]));
}
