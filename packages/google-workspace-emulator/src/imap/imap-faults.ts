import { z } from 'zod';

export const GMAIL_MAX_CONNECTIONS_PER_USER = 15;

export const ZImapThrottle = z.object({
  user: z.string().min(1),
  /** How many tagged responses carry [THROTTLED]; absent: until cleared. */
  responses: z.number().int().positive().optional(),
  /** Gmail slows a throttled account down as well as marking its replies. */
  delayMs: z.number().int().min(0).default(0),
});

export const ZImapOverQuota = z.object({
  user: z.string().min(1),
  /** Where Gmail refuses: the login, or each FETCH of message content. */
  at: z.enum(['login', 'fetch']).default('fetch'),
});

export const ZImapDrop = z.object({
  user: z.string().min(1),
  /** The connection is cut right after this many more message bodies went out to the user. */
  afterMessages: z.number().int().positive(),
});

export const ZImapFailMessage = z.object({
  user: z.string().min(1),
  /** X-GM-MSGID (decimal), as returned when the message was added. */
  gmMsgId: z.string().regex(/^\d+$/),
  /** How many fetches fail before the message can be read; absent: always. */
  times: z.number().int().positive().optional(),
});

export const ZImapFaultPatch = z.object({
  reset: z.boolean().optional(),
  domainImapDisabled: z.boolean().optional(),
  accountNotEnabled: z.object({ user: z.string().min(1), notEnabled: z.boolean() }).optional(),
  maxConnectionsPerUser: z.number().int().positive().optional(),
  throttle: ZImapThrottle.optional(),
  clearThrottle: z.object({ user: z.string().min(1) }).optional(),
  overQuota: ZImapOverQuota.optional(),
  clearOverQuota: z.object({ user: z.string().min(1) }).optional(),
  /** Bytes of message content a user may fetch before every content FETCH answers [OVERQUOTA]. */
  downloadLimit: z.object({ user: z.string().min(1), bytes: z.number().int().min(0).nullable() }).optional(),
  dropConnection: ZImapDrop.optional(),
  failMessage: ZImapFailMessage.optional(),
});

export type TImapThrottleInput = z.input<typeof ZImapThrottle>;
export type TImapOverQuotaInput = z.input<typeof ZImapOverQuota>;
export type TImapDropInput = z.input<typeof ZImapDrop>;
export type TImapFailMessageInput = z.input<typeof ZImapFailMessage>;
export type TImapFaultPatch = z.input<typeof ZImapFaultPatch>;

type TThrottle = { remaining?: number; delayMs: number };
type TFailing = { remaining?: number };

const key = (user: string) => user.toLowerCase();

/** Knobs that make the IMAP endpoint fail the ways Gmail's does. Users are keyed by e-mail address. */
export class ImapFaultKnobs {
  domainImapDisabled = false;
  maxConnectionsPerUser = GMAIL_MAX_CONNECTIONS_PER_USER;
  private readonly accountsNotEnabled = new Set<string>();
  private readonly throttles = new Map<string, TThrottle>();
  private readonly overQuota = new Map<string, 'login' | 'fetch'>();
  private readonly downloadLimits = new Map<string, number>();
  private readonly drops = new Map<string, number>();
  private readonly failing = new Map<string, Map<string, TFailing>>();

  /** Gmail's per-user "IMAP access" switch: `[ALERT] Your account is not enabled for IMAP use.` */
  setAccountNotEnabled(user: string, notEnabled = true): void {
    if (notEnabled) this.accountsNotEnabled.add(key(user));
    else this.accountsNotEnabled.delete(key(user));
  }

  isAccountNotEnabled(user: string): boolean {
    return this.accountsNotEnabled.has(key(user));
  }

  throttle(input: TImapThrottleInput): void {
    const parsed = ZImapThrottle.parse(input);
    this.throttles.set(key(parsed.user), { remaining: parsed.responses, delayMs: parsed.delayMs });
  }

  clearThrottle(user: string): void {
    this.throttles.delete(key(user));
  }

  /** Consumes one throttled response for the user; the delay to wait before it, if throttled. */
  takeThrottle(user: string): { delayMs: number } | undefined {
    const throttle = this.throttles.get(key(user));
    if (!throttle) return undefined;
    if (throttle.remaining !== undefined) {
      throttle.remaining -= 1;
      if (throttle.remaining <= 0) this.throttles.delete(key(user));
    }
    return { delayMs: throttle.delayMs };
  }

  setOverQuota(input: TImapOverQuotaInput): void {
    const parsed = ZImapOverQuota.parse(input);
    this.overQuota.set(key(parsed.user), parsed.at);
  }

  clearOverQuota(user: string): void {
    this.overQuota.delete(key(user));
  }

  isOverQuota(user: string, at: 'login' | 'fetch'): boolean {
    return this.overQuota.get(key(user)) === at;
  }

  setDownloadLimit(user: string, bytes: number | null): void {
    if (bytes === null) this.downloadLimits.delete(key(user));
    else this.downloadLimits.set(key(user), bytes);
  }

  downloadLimit(user: string): number | undefined {
    return this.downloadLimits.get(key(user));
  }

  dropConnection(input: TImapDropInput): void {
    const parsed = ZImapDrop.parse(input);
    this.drops.set(key(parsed.user), parsed.afterMessages);
  }

  /** Counts one message body sent; true when the connection must be cut now (the knob then clears). */
  countForDrop(user: string): boolean {
    const remaining = this.drops.get(key(user));
    if (remaining === undefined) return false;
    if (remaining > 1) {
      this.drops.set(key(user), remaining - 1);
      return false;
    }
    this.drops.delete(key(user));
    return true;
  }

  failMessage(input: TImapFailMessageInput): void {
    const parsed = ZImapFailMessage.parse(input);
    const byUser = this.failing.get(key(parsed.user)) ?? new Map<string, TFailing>();
    byUser.set(parsed.gmMsgId, { remaining: parsed.times });
    this.failing.set(key(parsed.user), byUser);
  }

  /** Whether fetching this message's content fails now (consuming one of its failures). */
  takeMessageFailure(user: string, gmMsgId: bigint): boolean {
    const byUser = this.failing.get(key(user));
    const failing = byUser?.get(gmMsgId.toString());
    if (!byUser || !failing) return false;
    if (failing.remaining !== undefined) {
      failing.remaining -= 1;
      if (failing.remaining <= 0) byUser.delete(gmMsgId.toString());
    }
    return true;
  }

  reset(): void {
    this.domainImapDisabled = false;
    this.maxConnectionsPerUser = GMAIL_MAX_CONNECTIONS_PER_USER;
    this.accountsNotEnabled.clear();
    this.throttles.clear();
    this.overQuota.clear();
    this.downloadLimits.clear();
    this.drops.clear();
    this.failing.clear();
  }

  apply(patch: TImapFaultPatch): void {
    const parsed = ZImapFaultPatch.parse(patch);
    if (parsed.reset) this.reset();
    if (parsed.domainImapDisabled !== undefined) this.domainImapDisabled = parsed.domainImapDisabled;
    if (parsed.accountNotEnabled)
      this.setAccountNotEnabled(parsed.accountNotEnabled.user, parsed.accountNotEnabled.notEnabled);
    if (parsed.maxConnectionsPerUser !== undefined) this.maxConnectionsPerUser = parsed.maxConnectionsPerUser;
    if (parsed.throttle) this.throttle(parsed.throttle);
    if (parsed.clearThrottle) this.clearThrottle(parsed.clearThrottle.user);
    if (parsed.overQuota) this.setOverQuota(parsed.overQuota);
    if (parsed.clearOverQuota) this.clearOverQuota(parsed.clearOverQuota.user);
    if (parsed.downloadLimit) this.setDownloadLimit(parsed.downloadLimit.user, parsed.downloadLimit.bytes);
    if (parsed.dropConnection) this.dropConnection(parsed.dropConnection);
    if (parsed.failMessage) this.failMessage(parsed.failMessage);
  }

  snapshot() {
    return {
      domainImapDisabled: this.domainImapDisabled,
      maxConnectionsPerUser: this.maxConnectionsPerUser,
      accountsNotEnabled: [...this.accountsNotEnabled],
      throttled: Object.fromEntries(this.throttles),
      overQuota: Object.fromEntries(this.overQuota),
      downloadLimits: Object.fromEntries(this.downloadLimits),
      dropAfterMessages: Object.fromEntries(this.drops),
      failingMessages: Object.fromEntries(
        [...this.failing].map(([user, messages]) => [user, Object.fromEntries(messages)]),
      ),
    };
  }
}
