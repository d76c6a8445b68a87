import { createHash, randomBytes } from 'node:crypto';
import type { TApiTokenCreated, TApiTokenView } from '@wac/api-contract';
import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditActor, TAuditService, TRequestContext } from '../audit/audit.service';
import {
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  type TApiTokenRow,
  touchApiToken,
} from './api-token.repository';
import { SENDING_AUDIT_ACTIONS } from './sending.audit';

const TOKEN_PREFIX = 'wacs_';
// Last use is shown to the minute at best; writing it on every request would cost a write per message.
const LAST_USE_RESOLUTION_MS = 60_000;

export type TAuthenticatedToken = { id: string; name: string; senders: string[] };

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function toApiTokenView(row: TApiTokenRow): TApiTokenView {
  return {
    id: row.id,
    name: row.name,
    tokenPrefix: row.tokenPrefix,
    senders: row.senders,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdByName,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function createApiTokenService(deps: { prisma: TPrisma; clock: TClock; audit: TAuditService }) {
  const { prisma, clock, audit } = deps;

  return {
    /** 32 random bytes: guessing one is hopeless, so an unsalted SHA-256 stores it safely. */
    async create(
      input: { name: string; senders: string[] },
      who: { actor: TAuditActor; context: TRequestContext },
    ): Promise<TApiTokenCreated> {
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await prisma.$transaction(async (tx) => {
        const created = await insertApiToken(tx, {
          name: input.name,
          tokenHash: hashApiToken(token),
          tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
          senders: [...new Set(input.senders.map((sender) => sender.toLowerCase()))],
          createdByName: who.actor.name,
          createdAt: clock.now(),
        });
        await audit.record(
          {
            action: SENDING_AUDIT_ACTIONS.tokenCreated,
            actor: who.actor,
            target: created.id,
            details: { name: created.name, senders: created.senders },
            context: who.context,
          },
          tx,
        );
        return created;
      });
      return { apiToken: toApiTokenView(row), token };
    },

    async list(): Promise<TApiTokenView[]> {
      return (await listApiTokens(prisma)).map(toApiTokenView);
    },

    async revoke(id: string, who: { actor: TAuditActor; context: TRequestContext }): Promise<TApiTokenView> {
      const row = await prisma.$transaction(async (tx) => {
        const revoked = await revokeApiToken(tx, id, clock.now());
        if (revoked === null) throw new AppError('NOT_FOUND', { message: 'There is no such API token.' });
        await audit.record(
          {
            action: SENDING_AUDIT_ACTIONS.tokenRevoked,
            actor: who.actor,
            target: id,
            details: { name: revoked.name },
            context: who.context,
          },
          tx,
        );
        return revoked;
      });
      return toApiTokenView(row);
    },

    /** The token of an `Authorization: Bearer` header, or a 401 that does not say which part was wrong. */
    async authenticate(header: string | undefined): Promise<TAuthenticatedToken> {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
      const refuse = () =>
        new AppError('UNAUTHENTICATED', {
          message:
            'Send an API token as "Authorization: Bearer <token>"; this one is missing, unknown or revoked.',
        });
      if (!match?.[1]) throw refuse();
      const row = await findApiTokenByHash(prisma, hashApiToken(match[1]));
      if (row === null || row.revokedAt !== null) throw refuse();
      const now = clock.now();
      if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() >= LAST_USE_RESOLUTION_MS) {
        await touchApiToken(prisma, row.id, now);
      }
      return { id: row.id, name: row.name, senders: row.senders };
    },
  };
}

export type TApiTokenService = ReturnType<typeof createApiTokenService>;
