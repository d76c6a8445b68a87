import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import {
  checkGoogleIdentity,
  checkMayLogOn,
  matchDirectoryUser,
  type TGoogleIdentity,
  type TIdentityMatch,
} from './oidc-identity.matcher';
import {
  existsArchiveOfDeletedUser,
  findUserByGoogleId,
  findUsersByEmail,
  findWorkspaceDomains,
  type TWorkspaceDomains,
} from './oidc-identity.repository';

// Listing the domains reads every directory user's addresses; a sign-in burst should not repeat
// that per request. A domain missing from the cached set triggers one fresh read before a denial,
// so users of a domain synced a moment ago are not turned away.
const DOMAINS_TTL_MS = 60_000;

/**
 * The Workspace's domains are the domains of the users synchronized from it (primary addresses
 * and aliases). They need no separate setting that could drift from the directory, and an
 * account of a domain nobody was synced from has no user to sign in as anyway.
 */
export function createOidcIdentityService(deps: {
  prisma: TPrisma;
  clock: TClock;
  /**
   * Asks Google whether a domain is one of the organisation's own. A group filter may sync only
   * users of a secondary domain while Google names the primary one in `hd`; the synced users'
   * domains alone would then refuse everyone.
   */
  isOrganisationDomain?: (domain: string) => Promise<boolean>;
}) {
  let cached: { value: TWorkspaceDomains; readAt: number } | undefined;
  // Only confirmations are kept: a refusal is asked again, so a domain added in Google works at once.
  const confirmedDomains = new Map<string, number>();

  const isConfirmedByGoogle = async (domain: string): Promise<boolean> => {
    const now = deps.clock.now().getTime();
    const confirmedAt = confirmedDomains.get(domain);
    if (confirmedAt !== undefined && now - confirmedAt < DOMAINS_TTL_MS) return true;
    if (deps.isOrganisationDomain === undefined || !(await deps.isOrganisationDomain(domain))) return false;
    confirmedDomains.set(domain, now);
    return true;
  };

  const workspaceDomains = async (options: { isFresh: boolean }): Promise<TWorkspaceDomains> => {
    const now = deps.clock.now().getTime();
    if (!options.isFresh && cached !== undefined && now - cached.readAt < DOMAINS_TTL_MS) return cached.value;
    const value = await findWorkspaceDomains(deps.prisma);
    cached = { value, readAt: now };
    return value;
  };

  return {
    workspaceDomains,

    /** The directory user this Google identity may sign in as; throws OidcDenialError otherwise. */
    async resolve(identity: TGoogleIdentity): Promise<TIdentityMatch> {
      let { domains } = await workspaceDomains({ isFresh: false });
      if (identity.hd !== undefined && !domains.has(identity.hd)) {
        ({ domains } = await workspaceDomains({ isFresh: true }));
      }
      if (
        identity.hd !== undefined &&
        !domains.has(identity.hd) &&
        (await isConfirmedByGoogle(identity.hd))
      ) {
        domains = new Set([...domains, identity.hd]);
      }
      checkGoogleIdentity(identity, domains);

      const bySubject = await findUserByGoogleId(deps.prisma, identity.sub);
      const byEmail =
        bySubject === null && identity.email !== undefined
          ? await findUsersByEmail(deps.prisma, identity.email)
          : [];
      const hasDeletedUserArchive =
        bySubject === null && byEmail.length === 0 && identity.email !== undefined
          ? await existsArchiveOfDeletedUser(deps.prisma, identity.email)
          : false;
      const match = matchDirectoryUser(identity, { bySubject, byEmail, hasDeletedUserArchive });
      checkMayLogOn(match.user);
      return match;
    },
  };
}

export type TOidcIdentityService = ReturnType<typeof createOidcIdentityService>;
