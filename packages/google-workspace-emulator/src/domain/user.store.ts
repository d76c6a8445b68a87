import { DomainStateError } from './domain-errors';
import type { TFixtureUser } from './fixture.schema';
import { numericIdFrom } from './google-ids';
import { SortedIndex } from './sorted-index';

export type TUser = {
  id: string;
  primaryEmail: string;
  givenName: string;
  familyName: string;
  aliases: string[];
  suspended: boolean;
  isAdmin: boolean;
  orgUnitPath: string;
  creationTime: string;
  lastLoginTime: string | null;
  deletionTime: string | null;
  emailVerified: boolean;
  imapDisabled: boolean;
  etag: string;
};

export type TUserInput = TFixtureUser;
export type TUserPatch = Partial<Omit<TFixtureUser, 'id' | 'deleted'>>;

const byPrimaryEmail = (user: TUser): string => user.primaryEmail;

export class UserStore {
  private readonly byId = new Map<string, TUser>();
  private readonly byAddress = new Map<string, TUser>();
  private versions = 0;
  active = new SortedIndex<TUser>(byPrimaryEmail);
  deleted = new SortedIndex<TUser>(byPrimaryEmail);

  constructor(
    private readonly domains: readonly string[],
    private readonly now: () => number,
    private readonly isGroupAddress: (address: string) => boolean = () => false,
  ) {}

  /** Loads many users at once: one sort instead of one insertion per user. */
  load(inputs: readonly TUserInput[]): void {
    const active: TUser[] = [];
    const deleted: TUser[] = [];
    for (const input of inputs) {
      const user = this.build(input);
      this.byId.set(user.id, user);
      if (input.deleted) {
        user.deletionTime ??= new Date(this.now()).toISOString();
        deleted.push(user);
      } else {
        this.indexAddresses(user);
        active.push(user);
      }
    }
    this.active = new SortedIndex(byPrimaryEmail, [...this.active.values(), ...active]);
    this.deleted = new SortedIndex(byPrimaryEmail, [...this.deleted.values(), ...deleted]);
  }

  add(input: TUserInput): TUser {
    const user = this.build(input);
    this.indexAddresses(user);
    this.byId.set(user.id, user);
    this.active.insert(user);
    return user;
  }

  /** Finds a user that is not deleted by id, primary email or alias, as users.get does. */
  find(userKey: string): TUser | undefined {
    const user = /^\d+$/.test(userKey) ? this.byId.get(userKey) : this.byAddress.get(userKey.toLowerCase());
    return user && user.deletionTime === null ? user : undefined;
  }

  findById(id: string): TUser | undefined {
    return this.byId.get(id);
  }

  require(userKey: string): TUser {
    const user = this.find(userKey);
    if (!user) throw new DomainStateError('not-found', `No user ${userKey}`);
    return user;
  }

  update(userKey: string, patch: TUserPatch): TUser {
    const user = this.require(userKey);
    const primaryEmail = patch.primaryEmail?.toLowerCase() ?? user.primaryEmail;
    const aliases = patch.aliases?.map((alias) => alias.toLowerCase()) ?? user.aliases;
    this.unindexAddresses(user);
    try {
      this.assertAddressesFree([primaryEmail, ...aliases]);
    } catch (error) {
      this.indexAddresses(user);
      throw error;
    }
    if (primaryEmail !== user.primaryEmail) {
      this.active.remove(user);
      user.primaryEmail = primaryEmail;
      this.active.insert(user);
    }
    user.aliases = aliases;
    user.givenName = patch.givenName ?? user.givenName;
    user.familyName = patch.familyName ?? user.familyName;
    user.suspended = patch.suspended ?? user.suspended;
    user.isAdmin = patch.isAdmin ?? user.isAdmin;
    user.orgUnitPath = patch.orgUnitPath ?? user.orgUnitPath;
    user.lastLoginTime = patch.lastLoginTime ?? user.lastLoginTime;
    user.emailVerified = patch.emailVerified ?? user.emailVerified;
    user.imapDisabled = patch.imapDisabled ?? user.imapDisabled;
    user.etag = this.nextEtag(user.id);
    this.indexAddresses(user);
    return user;
  }

  delete(userKey: string): TUser {
    const user = this.require(userKey);
    this.unindexAddresses(user);
    this.active.remove(user);
    user.deletionTime = new Date(this.now()).toISOString();
    user.etag = this.nextEtag(user.id);
    this.deleted.insert(user);
    return user;
  }

  private build(input: TUserInput): TUser {
    const primaryEmail = input.primaryEmail.toLowerCase();
    const aliases = (input.aliases ?? []).map((alias) => alias.toLowerCase());
    this.assertAddressesFree(input.deleted ? [] : [primaryEmail, ...aliases]);
    const id = input.id ?? numericIdFrom(`user:${primaryEmail}`);
    if (this.byId.has(id)) throw new DomainStateError('conflict', `User id ${id} already exists`);
    return {
      id,
      primaryEmail,
      givenName: input.givenName,
      familyName: input.familyName,
      aliases,
      suspended: input.suspended ?? false,
      isAdmin: input.isAdmin ?? false,
      orgUnitPath: input.orgUnitPath ?? '/',
      creationTime: input.creationTime ?? new Date(this.now()).toISOString(),
      lastLoginTime: input.lastLoginTime ?? null,
      deletionTime: null,
      emailVerified: input.emailVerified ?? true,
      imapDisabled: input.imapDisabled ?? false,
      etag: this.nextEtag(id),
    };
  }

  private assertAddressesFree(addresses: readonly string[]): void {
    for (const address of addresses) {
      const domain = address.slice(address.indexOf('@') + 1);
      if (!this.domains.includes(domain)) {
        throw new DomainStateError(
          'invalid',
          `${address} is not in one of the domains ${this.domains.join(', ')}`,
        );
      }
      if (this.byAddress.has(address) || this.isGroupAddress(address))
        throw new DomainStateError('conflict', `${address} is already in use`);
    }
  }

  private indexAddresses(user: TUser): void {
    this.byAddress.set(user.primaryEmail, user);
    for (const alias of user.aliases) this.byAddress.set(alias, user);
  }

  private unindexAddresses(user: TUser): void {
    this.byAddress.delete(user.primaryEmail);
    for (const alias of user.aliases) this.byAddress.delete(alias);
  }

  private nextEtag(id: string): string {
    this.versions += 1;
    return `"${id.slice(-6)}${this.versions.toString(36)}"`;
  }
}
