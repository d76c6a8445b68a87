import type { TEmulatorContext } from '../emulator-context';
import { apiErrors } from './google-api-error';

/**
 * domains.list: the account's primary and secondary domains, all verified. Not paged, as in Google.
 * Needs the admin.directory.domain(.readonly) scope, which the connector asks for only optionally.
 */
export function listDomains(deps: Pick<TEmulatorContext, 'state'>, customer: string): unknown {
  const { state } = deps;
  if (customer !== 'my_customer' && customer !== state.customerId) throw apiErrors.badRequest();
  return {
    kind: 'admin#directory#domains2',
    domains: state.domains.map((domainName, position) => ({
      kind: 'admin#directory#domain2',
      domainName,
      isPrimary: position === 0,
      verified: true,
    })),
  };
}
