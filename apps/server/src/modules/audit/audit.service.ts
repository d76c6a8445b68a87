import type { Prisma } from '@wac/db';
import type { TClock } from '../../lib/clock';
import type { TDb, TPrisma } from '../../lib/db';
import type { TAuditAction } from './audit.actions';
import { insertAuditEntry, listAuditEntries } from './audit.repository';

export type TAuditActor = { userId: string | null; name: string };

/** Where a change came from; `system` covers boot-time work such as creating the first admin. */
export const SYSTEM_ACTOR: TAuditActor = { userId: null, name: 'system' };

export type TRequestContext = { ip: string | null; requestId: string | null };

export type TAuditEvent = {
  action: TAuditAction | (string & {});
  actor: TAuditActor;
  target?: string;
  details?: Prisma.InputJsonObject;
  context?: TRequestContext;
};

export function createAuditService(deps: { prisma: TPrisma; clock: TClock }) {
  return {
    /** Pass `tx` to make the entry part of the change it describes: both commit or neither does. */
    async record(event: TAuditEvent, tx?: TDb): Promise<void> {
      await insertAuditEntry(tx ?? deps.prisma, {
        at: deps.clock.now(),
        actorUserId: event.actor.userId,
        actorName: event.actor.name,
        action: event.action,
        target: event.target ?? null,
        details: event.details ?? {},
        ip: event.context?.ip ?? null,
        requestId: event.context?.requestId ?? null,
      });
    },

    async listRecent(options: { limit?: number; action?: string } = {}) {
      const rows = await listAuditEntries(deps.prisma, {
        limit: options.limit ?? 100,
        action: options.action,
      });
      return rows.map((row) => ({ ...row, id: row.id.toString() }));
    },
  };
}

export type TAuditService = ReturnType<typeof createAuditService>;
