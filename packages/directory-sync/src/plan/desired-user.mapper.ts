import type { TDesiredUser, TGoogleUser } from './plan.types';

/**
 * trim() and toLowerCase() always return a new string; keeping the original when nothing changed
 * saves a copy per user (Google's addresses are nearly always lower case already).
 */
function normalizeAddress(address: string): string {
  const normalized = address.trim().toLowerCase();
  return normalized === address ? address : normalized;
}

/** MailStore-style naming: a synced user is named after its primary address, lower-cased. */
export function userNameOf(google: Pick<TGoogleUser, 'primaryEmail'>): string {
  return normalizeAddress(google.primaryEmail);
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/**
 * Primary first, then aliases in Google's order, lower-cased and de-duplicated. A domain list
 * drops addresses outside the account's domains, but never the primary address.
 */
export function emailsOf(
  google: Pick<TGoogleUser, 'primaryEmail' | 'aliases'>,
  domains?: ReadonlySet<string> | null,
): string[] {
  const primary = userNameOf(google);
  const emails = [primary];
  for (const alias of google.aliases) {
    const address = normalizeAddress(alias);
    // A user has a handful of aliases: a linear look-up beats allocating a Set per user.
    if (address === '' || emails.includes(address)) continue;
    if (domains && !domains.has(domainOf(address))) continue;
    emails.push(address);
  }
  return emails;
}

export function toDomainSet(domains: readonly string[] | undefined): ReadonlySet<string> | null {
  if (!domains || domains.length === 0) return null;
  return new Set(domains.map((domain) => domain.trim().toLowerCase()));
}

export function toDesiredUser(google: TGoogleUser, domains?: ReadonlySet<string> | null): TDesiredUser {
  return {
    googleUserId: google.id,
    userName: userNameOf(google),
    fullName: google.fullName,
    emails: emailsOf(google, domains),
    isSuspended: google.isSuspended,
    orgUnitPath: google.orgUnitPath,
    // Only when Google says so: most listings (and older callers) know nothing of the field.
    ...(google.isArchived ? { isArchived: true } : {}),
  };
}
