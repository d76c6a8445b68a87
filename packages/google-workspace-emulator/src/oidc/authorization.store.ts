import { randomToken } from '../domain/google-ids';

export type TAuthorizationRequest = {
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  loginHint?: string;
  hd?: string;
};

export type TAuthorizationCode = {
  code: string;
  request: TAuthorizationRequest;
  userId: string;
  expiresAt: number;
  isRedeemed: boolean;
  /** Tokens issued for the code, revoked if the code is replayed (RFC 6749 section 4.1.2). */
  accessTokens: string[];
};

const PENDING_LIFETIME_MS = 30 * 60_000;
const CODE_LIFETIME_MS = 10 * 60_000;

/** Authorization requests waiting at the login page, and the codes they turn into. */
export class AuthorizationStore {
  private readonly pending = new Map<string, { request: TAuthorizationRequest; expiresAt: number }>();
  private readonly codes = new Map<string, TAuthorizationCode>();

  constructor(private readonly now: () => number) {}

  savePending(request: TAuthorizationRequest): string {
    this.sweep();
    const id = randomToken(18);
    this.pending.set(id, { request, expiresAt: this.now() + PENDING_LIFETIME_MS });
    return id;
  }

  findPending(id: string): TAuthorizationRequest | undefined {
    const entry = this.pending.get(id);
    return entry && entry.expiresAt > this.now() ? entry.request : undefined;
  }

  /** Turns a pending request into a single-use code for the chosen user. */
  issueCode(pendingId: string, userId: string): TAuthorizationCode | undefined {
    const request = this.findPending(pendingId);
    if (!request) return undefined;
    this.pending.delete(pendingId);
    const code: TAuthorizationCode = {
      code: `4/0emu-${randomToken(32)}`,
      request,
      userId,
      expiresAt: this.now() + CODE_LIFETIME_MS,
      isRedeemed: false,
      accessTokens: [],
    };
    this.codes.set(code.code, code);
    return code;
  }

  findCode(code: string): TAuthorizationCode | undefined {
    const found = this.codes.get(code);
    return found && found.expiresAt > this.now() ? found : undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(id);
    for (const [id, code] of this.codes) if (code.expiresAt <= now) this.codes.delete(id);
  }
}
