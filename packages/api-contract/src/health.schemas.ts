import { z } from 'zod';

export const ZLiveness = z.object({ status: z.literal('ok') });

export const ZReadiness = z.object({
  status: z.literal('ready'),
  checks: z.object({ database: z.literal('ok'), migrations: z.literal('ok') }),
});

export type TReadiness = z.output<typeof ZReadiness>;
