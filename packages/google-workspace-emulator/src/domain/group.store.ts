import type { AddressBook } from './address-book';
import { DomainStateError } from './domain-errors';
import type { TMemberRole, TMemberType } from './fixture.schema';
import { groupIdFrom, numericIdFrom } from './google-ids';
import { SortedIndex } from './sorted-index';
import type { UserStore } from './user.store';

export type TMember = {
  id: string;
  type: TMemberType;
  role: TMemberRole;
  /** Only for members outside the domains: their address is not known to the user store. */
  externalEmail?: string;
};

export type TGroup = {
  id: string;
  email: string;
  name: string;
  description: string;
  aliases: string[];
  members: TMember[];
  etag: string;
};

export type TGroupInput = {
  id?: string;
  email: string;
  name: string;
  description?: string;
  aliases?: string[];
};
export type TGroupPatch = Partial<Omit<TGroupInput, 'id'>>;
export type TMemberInput = { email?: string; type?: TMemberType; role?: TMemberRole };

export class GroupStore {
  private readonly byId = new Map<string, TGroup>();
  private versions = 0;
  sorted = new SortedIndex<TGroup>((group) => group.email);

  constructor(
    private readonly customerId: string,
    private readonly addresses: AddressBook,
    private readonly users: UserStore,
  ) {}

  load(inputs: readonly TGroupInput[]): TGroup[] {
    const groups = inputs.map((input) => this.register(input));
    this.sorted = new SortedIndex((group) => group.email, [...this.sorted.values(), ...groups]);
    return groups;
  }

  add(input: TGroupInput): TGroup {
    const group = this.register(input);
    this.sorted.insert(group);
    return group;
  }

  /** By id, email or alias, as groups.get resolves its groupKey. */
  find(groupKey: string): TGroup | undefined {
    const owner = this.addresses.ownerOf(groupKey);
    return this.byId.get(owner?.kind === 'group' ? owner.id : groupKey);
  }

  require(groupKey: string): TGroup {
    const group = this.find(groupKey);
    if (!group) throw new DomainStateError('not-found', `No group ${groupKey}`);
    return group;
  }

  update(groupKey: string, patch: TGroupPatch): TGroup {
    const group = this.require(groupKey);
    const email = patch.email?.toLowerCase() ?? group.email;
    const aliases = patch.aliases?.map((alias) => alias.toLowerCase()) ?? group.aliases;
    this.addresses.reassign({ kind: 'group', id: group.id }, addressesOf(group), [email, ...aliases]);
    if (email !== group.email) {
      this.sorted.remove(group);
      group.email = email;
      this.sorted.insert(group);
    }
    group.aliases = aliases;
    group.name = patch.name ?? group.name;
    group.description = patch.description ?? group.description;
    this.touch(group);
    return group;
  }

  delete(groupKey: string): TGroup {
    const group = this.require(groupKey);
    this.addresses.release(addressesOf(group));
    this.byId.delete(group.id);
    this.sorted.remove(group);
    this.removeMemberEverywhere(group.id);
    return group;
  }

  addMember(groupKey: string, input: TMemberInput): TMember {
    const group = this.require(groupKey);
    const member = this.resolveMember(group, input);
    if (group.members.some((existing) => existing.id === member.id)) {
      throw new DomainStateError('conflict', `Member already exists in ${group.email}`);
    }
    group.members.push(member);
    this.touch(group);
    return member;
  }

  /** Fixture loading: a Set per group instead of a scan per member keeps big groups linear. */
  loadMembers(group: TGroup, inputs: readonly TMemberInput[]): void {
    const seen = new Set(group.members.map((member) => member.id));
    for (const input of inputs) {
      const member = this.resolveMember(group, input);
      if (seen.has(member.id)) continue;
      seen.add(member.id);
      group.members.push(member);
    }
  }

  removeMember(groupKey: string, memberKey: string): void {
    const group = this.require(groupKey);
    const key = memberKey.toLowerCase();
    const position = group.members.findIndex(
      (member) => member.id === memberKey || this.emailOf(member) === key,
    );
    if (position < 0) throw new DomainStateError('not-found', `No member ${memberKey} in ${group.email}`);
    group.members.splice(position, 1);
    this.touch(group);
  }

  removeMemberEverywhere(memberId: string): void {
    for (const group of this.byId.values()) {
      const position = group.members.findIndex((member) => member.id === memberId);
      if (position >= 0) {
        group.members.splice(position, 1);
        this.touch(group);
      }
    }
  }

  /** Members carry ids only, so a renamed user or group shows its current address. */
  emailOf(member: TMember): string | undefined {
    if (member.type === 'CUSTOMER') return undefined;
    if (member.type === 'GROUP') return this.byId.get(member.id)?.email;
    return member.externalEmail ?? this.users.findById(member.id)?.primaryEmail;
  }

  private resolveMember(group: TGroup, input: TMemberInput): TMember {
    const role = input.role ?? 'MEMBER';
    if (input.type === 'CUSTOMER') return { id: this.customerId, type: 'CUSTOMER', role };
    if (!input.email) throw new DomainStateError('invalid', 'A USER or GROUP member needs an email');
    const email = input.email.toLowerCase();
    const nested = this.find(email);
    if (nested && input.type !== 'USER') {
      if (nested.id === group.id)
        throw new DomainStateError('invalid', `${group.email} cannot contain itself`);
      return { id: nested.id, type: 'GROUP', role };
    }
    const user = this.users.find(email);
    if (user && input.type !== 'GROUP') return { id: user.id, type: 'USER', role };
    const domain = email.slice(email.indexOf('@') + 1);
    if (input.type === 'GROUP' || this.addresses.domains.includes(domain)) {
      throw new DomainStateError('not-found', `No ${input.type === 'GROUP' ? 'group' : 'user'} ${email}`);
    }
    return { id: numericIdFrom(`external:${email}`), type: 'USER', role, externalEmail: email };
  }

  private register(input: TGroupInput): TGroup {
    const email = input.email.toLowerCase();
    const aliases = (input.aliases ?? []).map((alias) => alias.toLowerCase());
    const id = input.id ?? groupIdFrom(email);
    if (this.byId.has(id)) throw new DomainStateError('conflict', `Group id ${id} already exists`);
    this.addresses.claim({ kind: 'group', id }, [email, ...aliases]);
    this.versions += 1;
    const group: TGroup = {
      id,
      email,
      name: input.name,
      description: input.description ?? '',
      aliases,
      members: [],
      etag: `"${id.slice(-6)}${this.versions.toString(36)}"`,
    };
    this.byId.set(id, group);
    return group;
  }

  private touch(group: TGroup): void {
    this.versions += 1;
    group.etag = `"${group.id.slice(-6)}${this.versions.toString(36)}"`;
  }
}

function addressesOf(group: TGroup): string[] {
  return [group.email, ...group.aliases];
}
