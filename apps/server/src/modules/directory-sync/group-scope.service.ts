import { DirectoryError, GoogleAuthError } from '@wac/google';
import { AppError } from '../../errors/app-error';
import type { TGroupScope, TSyncGroup } from './directory-sync.schemas';
import type { TGetDirectoryClient } from './directory-sync.service';

/**
 * What a group filter selects, asked of Google before any run: a group holding a CUSTOMER member
 * (everyone in the organisation) makes the whole filter select everyone, which the admin must know.
 */
export function createGroupScopeService(deps: { getDirectoryClient: TGetDirectoryClient }) {
  return {
    async checkGroupScope(groups: readonly TSyncGroup[]): Promise<TGroupScope> {
      const directory = await deps.getDirectoryClient();
      try {
        const expansion = await directory.expandGroups(groups.map((group) => group.id));
        const holding = new Set(expansion.wholeCustomerGroups);
        return {
          wholeCustomerGroupIds: groups.filter((group) => holding.has(group.id)).map((group) => group.id),
          userCount: expansion.userIds.size,
        };
      } catch (error) {
        if (error instanceof DirectoryError || error instanceof GoogleAuthError) {
          throw new AppError('GOOGLE_REQUEST_FAILED', {
            message: error.message,
            details: { googleCode: error.code },
          });
        }
        throw error;
      }
    },
  };
}
