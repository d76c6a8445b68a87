import { createHash } from 'node:crypto';
import type { TDbUser, TDesiredUser } from '../plan/plan.types';

type TSyncedFields = Pick<
  TDbUser,
  'userName' | 'fullName' | 'emails' | 'isSuspended' | 'orgUnitPath' | 'isArchived'
>;

const SEPARATOR = '\u001f';
const NULL_MARK = '\u001e';

/**
 * A digest of exactly what the planner compares between a stored user and its Google user
 * (see diffDesired): equal digests mean the planner would find nothing to change. Aliases count
 * as a set, as in sameEmails; duplicates in the stored list change the digest, as they fail
 * sameEmails. Computed by the same function for both sides, so no canonical form can drift.
 */
export function userFingerprint(user: TSyncedFields | TDesiredUser): string {
  const primary = user.emails[0] ?? '';
  const aliases = user.emails.slice(1);
  const text = [
    user.userName,
    user.fullName,
    user.orgUnitPath ?? NULL_MARK,
    // Archived users are rare: '1' or '0' for suspended, a second digit only when archived.
    user.isSuspended ? (user.isArchived ? '11' : '1') : user.isArchived ? '01' : '0',
    primary,
    String(aliases.length),
    aliases.sort().join(SEPARATOR),
  ].join(SEPARATOR);
  return createHash('sha1').update(text).digest('base64');
}
