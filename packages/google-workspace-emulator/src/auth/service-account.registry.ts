import type { KeyObject } from 'node:crypto';
import { numericIdFrom } from '../domain/google-ids';

export type TServiceAccount = {
  clientEmail: string;
  clientId: string;
  projectId: string;
  /** private_key_id -> public key; a key deleted in the console disappears from here. */
  keys: Map<string, KeyObject>;
};

/** Service accounts and the Admin console's domain-wide delegation table (client id -> scopes). */
export class ServiceAccountRegistry {
  private readonly byEmail = new Map<string, TServiceAccount>();
  private readonly byKeyId = new Map<string, TServiceAccount>();
  private readonly delegation = new Map<string, Set<string>>();

  ensure(clientEmail: string, projectId: string): TServiceAccount {
    const existing = this.byEmail.get(clientEmail);
    if (existing) return existing;
    const account: TServiceAccount = {
      clientEmail,
      clientId: numericIdFrom(`service-account:${clientEmail}`),
      projectId,
      keys: new Map(),
    };
    this.byEmail.set(clientEmail, account);
    return account;
  }

  addKey(account: TServiceAccount, keyId: string, publicKey: KeyObject): void {
    account.keys.set(keyId, publicKey);
    this.byKeyId.set(keyId, account);
  }

  deleteKey(keyId: string): boolean {
    const account = this.byKeyId.get(keyId);
    if (!account) return false;
    this.byKeyId.delete(keyId);
    return account.keys.delete(keyId);
  }

  findByEmail(clientEmail: string): TServiceAccount | undefined {
    return this.byEmail.get(clientEmail);
  }

  grantDelegation(clientId: string, scopes: readonly string[]): void {
    const granted = this.delegation.get(clientId) ?? new Set<string>();
    for (const scope of scopes) granted.add(scope);
    this.delegation.set(clientId, granted);
  }

  /** Without a scope the whole client id entry is removed, as deleting it in the Admin console does. */
  revokeDelegation(clientId: string, scope?: string): void {
    if (scope === undefined) this.delegation.delete(clientId);
    else this.delegation.get(clientId)?.delete(scope);
  }

  grantedScopes(clientId: string): ReadonlySet<string> {
    return this.delegation.get(clientId) ?? new Set();
  }

  get count(): number {
    return this.byEmail.size;
  }
}
