import { randomToken } from '../domain/google-ids';

export type TAccessToken = {
  token: string;
  /** The OAuth client the token was issued to: the service account's client id or an OIDC client id. */
  clientId: string;
  /** Directory user id, or the service account's client id when it acts as itself. */
  subject: string;
  email: string;
  /** The token belongs to a domain user (delegated or signed in), not to the service account itself. */
  isUserToken: boolean;
  scopes: readonly string[];
  expiresAt: number;
};

const SWEEP_EVERY = 1000;

/** Opaque access tokens, as Google's are: looked up, never parsed. */
export class AccessTokenStore {
  private readonly tokens = new Map<string, TAccessToken>();
  private issuedSinceSweep = 0;
  issued = 0;

  constructor(private readonly now: () => number) {}

  issue(grant: Omit<TAccessToken, 'token' | 'expiresAt'>, lifetimeSeconds: number): TAccessToken {
    this.issuedSinceSweep += 1;
    this.issued += 1;
    // Benchmarks mint many thousands of tokens; dropping expired ones keeps memory flat.
    if (this.issuedSinceSweep >= SWEEP_EVERY) this.sweep();
    const token: TAccessToken = {
      ...grant,
      token: `ya29.emu-${randomToken(36)}`,
      expiresAt: this.now() + lifetimeSeconds * 1000,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  /** A token that exists and has not expired. */
  find(token: string): TAccessToken | undefined {
    const found = this.tokens.get(token);
    if (!found) return undefined;
    if (found.expiresAt <= this.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return found;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  get live(): number {
    return this.tokens.size;
  }

  private sweep(): void {
    this.issuedSinceSweep = 0;
    const now = this.now();
    for (const [key, token] of this.tokens) if (token.expiresAt <= now) this.tokens.delete(key);
  }
}
