import { DomainStateError } from './domain-errors';

export type TAddressOwner = { kind: 'user' | 'group'; id: string };

/**
 * One address space for the account: a primary address or alias belongs to one user or one group,
 * and only to a domain of the account, as Google enforces.
 */
export class AddressBook {
  private readonly owners = new Map<string, TAddressOwner>();

  constructor(readonly domains: readonly string[]) {}

  ownerOf(address: string): TAddressOwner | undefined {
    return this.owners.get(address.toLowerCase());
  }

  /** Claims every address or none: a taken or foreign address throws before anything changes. */
  claim(owner: TAddressOwner, addresses: readonly string[]): void {
    for (const address of addresses) {
      const domain = address.slice(address.indexOf('@') + 1);
      if (!this.domains.includes(domain)) {
        throw new DomainStateError(
          'invalid',
          `${address} is not in one of the domains ${this.domains.join(', ')}`,
        );
      }
      if (this.owners.has(address)) throw new DomainStateError('conflict', `${address} is already in use`);
    }
    for (const address of addresses) this.owners.set(address, owner);
  }

  release(addresses: readonly string[]): void {
    for (const address of addresses) this.owners.delete(address);
  }

  /** Moves an owner to new addresses, keeping the old ones if the new ones cannot be claimed. */
  reassign(owner: TAddressOwner, previous: readonly string[], next: readonly string[]): void {
    this.release(previous);
    try {
      this.claim(owner, next);
    } catch (error) {
      this.claim(owner, previous);
      throw error;
    }
  }
}
