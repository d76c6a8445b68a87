import { type TSyncGroup, useGroupScope } from '../../api/directory-sync';
import { Alert } from '../../components/alert';

/** The chosen groups that hold everyone in the organisation, once Google has been asked. */
export function useWholeCustomerGroupIds(groups: readonly TSyncGroup[]): ReadonlySet<string> {
  const scope = useGroupScope(groups);
  return new Set(groups.length === 0 ? [] : (scope.data?.wholeCustomerGroupIds ?? []));
}

type TProps = { groups: readonly TSyncGroup[]; ids: ReadonlySet<string> };

/**
 * Google lets a group hold "all users in the organisation" (a CUSTOMER member). One such group in
 * the filter makes it select every user of the domain, which an admin picking it rarely expects.
 */
export function WholeOrganisationNote({ groups, ids }: TProps) {
  const holding = groups.filter((group) => ids.has(group.id));
  if (holding.length === 0) return null;
  const names = holding.map((group) => group.email).join(', ');
  return (
    <Alert tone="warning" title="This group filter selects everyone">
      {holding.length === 1 ? `${names} holds` : `${names} hold`} everyone in the organisation (directly or
      through a group inside it), so every user of the domain is synchronized, whatever the other groups.
    </Alert>
  );
}
