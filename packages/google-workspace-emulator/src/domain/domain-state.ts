import { AddressBook } from './address-book';
import { DomainStateError } from './domain-errors';
import type { TDomainSource } from './fixture.schema';
import {
  GroupStore,
  type TGroup,
  type TGroupInput,
  type TGroupPatch,
  type TMember,
  type TMemberInput,
} from './group.store';
import { type TUser, type TUserInput, type TUserPatch, UserStore } from './user.store';

export type TDomainSummary = {
  customerId: string;
  domains: string[];
  users: { active: number; suspended: number; deleted: number; admins: number };
  groups: number;
  memberships: number;
};

/** The mutable emulated Google Workspace account: what tests change between requests. */
export class DomainState {
  readonly customerId: string;
  readonly domains: readonly string[];
  readonly users: UserStore;
  readonly groups: GroupStore;

  constructor(fixture: TDomainSource, now: () => number = Date.now) {
    this.customerId = fixture.customerId;
    this.domains = fixture.domains.map((domain) => domain.toLowerCase());
    const addresses = new AddressBook(this.domains);
    this.users = new UserStore(addresses, now);
    this.groups = new GroupStore(this.customerId, addresses, this.users);
    this.users.load(fixture.users);
    const groupInputs = typeof fixture.groups === 'function' ? fixture.groups() : fixture.groups;
    const groups = this.groups.load(groupInputs);
    groupInputs.forEach((input, position) => {
      this.groups.loadMembers(groups[position]!, input.members ?? []);
    });
  }

  get primaryDomain(): string {
    return this.domains[0]!;
  }

  getUser(userKey: string): Readonly<TUser> | undefined {
    return this.users.find(userKey);
  }

  addUser(input: TUserInput): Readonly<TUser> {
    return this.users.add(input);
  }

  updateUser(userKey: string, patch: TUserPatch): Readonly<TUser> {
    return this.users.update(userKey, patch);
  }

  suspendUser(userKey: string, suspended = true): Readonly<TUser> {
    return this.users.update(userKey, { suspended });
  }

  /** Google's Archived User state: listed with `archived: true`, refused at the login page. */
  archiveUser(userKey: string, archived = true): Readonly<TUser> {
    return this.users.update(userKey, { archived });
  }

  setAdmin(userKey: string, isAdmin = true): Readonly<TUser> {
    return this.users.update(userKey, { isAdmin });
  }

  /** Records the Gmail "IMAP disabled for your domain" setting for the mail work. */
  setImapDisabled(userKey: string, imapDisabled = true): Readonly<TUser> {
    return this.users.update(userKey, { imapDisabled });
  }

  /** Like Google: the user moves to the deleted list and leaves every group. */
  deleteUser(userKey: string): Readonly<TUser> {
    const user = this.users.delete(userKey);
    this.groups.removeMemberEverywhere(user.id);
    return user;
  }

  getGroup(groupKey: string): Readonly<TGroup> | undefined {
    return this.groups.find(groupKey);
  }

  addGroup(input: TGroupInput & { members?: TMemberInput[] }): Readonly<TGroup> {
    const group = this.groups.add(input);
    this.groups.loadMembers(group, input.members ?? []);
    return group;
  }

  updateGroup(groupKey: string, patch: TGroupPatch): Readonly<TGroup> {
    return this.groups.update(groupKey, patch);
  }

  deleteGroup(groupKey: string): Readonly<TGroup> {
    return this.groups.delete(groupKey);
  }

  addMember(groupKey: string, member: TMemberInput): Readonly<TMember> {
    return this.groups.addMember(groupKey, member);
  }

  removeMember(groupKey: string, memberKey: string): void {
    this.groups.removeMember(groupKey, memberKey);
  }

  /** The users a service account may impersonate: existing, not deleted, not suspended. */
  findActiveUser(userKey: string): Readonly<TUser> | undefined {
    const user = this.users.find(userKey);
    return user && !user.suspended ? user : undefined;
  }

  requireUser(userKey: string): Readonly<TUser> {
    const user = this.users.find(userKey);
    if (!user) throw new DomainStateError('not-found', `No user ${userKey}`);
    return user;
  }

  summary(): TDomainSummary {
    let suspended = 0;
    let admins = 0;
    for (const user of this.users.active.values()) {
      if (user.suspended) suspended += 1;
      if (user.isAdmin) admins += 1;
    }
    let memberships = 0;
    for (const group of this.groups.sorted.values()) memberships += group.members.length;
    return {
      customerId: this.customerId,
      domains: [...this.domains],
      users: { active: this.users.active.length, suspended, deleted: this.users.deleted.length, admins },
      groups: this.groups.sorted.length,
      memberships,
    };
  }
}
