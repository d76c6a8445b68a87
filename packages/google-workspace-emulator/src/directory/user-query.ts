import type { TUser } from '../domain/user.store';
import { apiErrors } from './google-api-error';
import { matchesText, parseBoolean, parseSearchTerms, type TSearchTerm } from './search-terms';

export type TUserPredicate = (user: TUser) => boolean;

/** The subset of users.list `query` syntax the connector and its tests use. */
export function parseUserQuery(query: string): TUserPredicate | undefined {
  const predicates = parseSearchTerms(query).map((term) => termPredicate(term, query));
  if (predicates.length === 0) return undefined;
  return (user) => predicates.every((predicate) => predicate(user));
}

function termPredicate(term: TSearchTerm, query: string): TUserPredicate {
  const { field, operator, value } = term;
  if (field === undefined || operator === undefined) {
    return (user) =>
      [user.givenName, user.familyName, user.primaryEmail, ...user.aliases].some((text) =>
        matchesText(text, ':', value),
      );
  }
  switch (field) {
    case 'email':
      return (user) =>
        [user.primaryEmail, ...user.aliases].some((address) => matchesText(address, operator, value));
    case 'givenName':
      return (user) => matchesText(user.givenName, operator, value);
    case 'familyName':
      return (user) => matchesText(user.familyName, operator, value);
    case 'name':
      return (user) => matchesText(`${user.givenName} ${user.familyName}`, operator, value);
    case 'isSuspended': {
      const expected = parseBoolean(term, query);
      return (user) => user.suspended === expected;
    }
    case 'isAdmin': {
      const expected = parseBoolean(term, query);
      return (user) => user.isAdmin === expected;
    }
    case 'orgUnitPath':
      if (operator !== '=') throw apiErrors.invalidInput(query);
      return (user) => user.orgUnitPath.toLowerCase() === value;
    default:
      throw apiErrors.invalidInput(query);
  }
}
