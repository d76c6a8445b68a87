import {
  type TDirectoryLatency,
  type TDirectoryLatencyInput,
  type TFailureInjection,
  type TFailureInjectionInput,
  type TFaultPatch,
  type TListingBreak,
  type TListingBreakInput,
  ZDirectoryLatency,
  ZFailureInjection,
  ZFaultPatch,
  ZListingBreak,
} from './fault.schema';

export type TListing = TListingBreak['listing'];

const DEFAULTS = {
  latencyMs: 0,
  directoryLatency: { fixedMs: 0, jitterMs: 0 } as TDirectoryLatency,
  accessTokenLifetimeSeconds: 3599,
  idTokenLifetimeSeconds: 3600,
  suspendedUsersCanSignIn: false,
  archivedUsersCanSignIn: false,
};

/** Knobs tests turn to make the emulator misbehave the way Google does. */
export class FaultKnobs {
  /** Every request, the control API excepted. */
  latencyMs = DEFAULTS.latencyMs;
  /** Directory API requests only, on top of latencyMs: Google's time per page, fixed plus jitter. */
  directoryLatency: TDirectoryLatency = { ...DEFAULTS.directoryLatency };
  accessTokenLifetimeSeconds = DEFAULTS.accessTokenLifetimeSeconds;
  /** Negative values mint id_tokens that are already expired. */
  idTokenLifetimeSeconds = DEFAULTS.idTokenLifetimeSeconds;
  /** Google refuses suspended users at its login page; relying-party tests may need them through. */
  suspendedUsersCanSignIn = DEFAULTS.suspendedUsersCanSignIn;
  /** Likewise for archived users (Archived User licence). */
  archivedUsersCanSignIn = DEFAULTS.archivedUsersCanSignIn;
  private injections: TFailureInjection[] = [];
  private listingBreaks: TListingBreak[] = [];

  constructor(
    private readonly setImapDisabledFlag: (userKey: string, disabled: boolean) => void,
    initialLatencyMs = 0,
    initialDirectoryLatency: TDirectoryLatencyInput = {},
    private readonly random: () => number = Math.random,
  ) {
    this.latencyMs = initialLatencyMs;
    this.directoryLatency = ZDirectoryLatency.parse(initialDirectoryLatency);
  }

  setDirectoryLatency(latency: TDirectoryLatencyInput): void {
    this.directoryLatency = ZDirectoryLatency.parse(latency);
  }

  /** How long this request waits before it is handled, drawn afresh for each request. */
  delayFor(endpoint: string): number {
    if (!matchesEndpoint('directory', endpoint)) return this.latencyMs;
    const { fixedMs, jitterMs } = this.directoryLatency;
    const jitter = jitterMs > 0 ? Math.floor(this.random() * (jitterMs + 1)) : 0;
    return this.latencyMs + fixedMs + jitter;
  }

  /** The next `count` requests to matching endpoints answer with this status and Google's body. */
  failNext(injection: TFailureInjectionInput): void {
    this.injections.push(ZFailureInjection.parse(injection));
  }

  breakListing(rule: TListingBreakInput): void {
    this.listingBreaks.push(ZListingBreak.parse(rule));
  }

  setImapDisabled(userKey: string, disabled = true): void {
    this.setImapDisabledFlag(userKey, disabled);
  }

  reset(): void {
    Object.assign(this, DEFAULTS);
    this.directoryLatency = { ...DEFAULTS.directoryLatency };
    this.injections = [];
    this.listingBreaks = [];
  }

  apply(patch: TFaultPatch): void {
    const parsed = ZFaultPatch.parse(patch);
    if (parsed.reset) this.reset();
    if (parsed.latencyMs !== undefined) this.latencyMs = parsed.latencyMs;
    if (parsed.directoryLatency !== undefined) this.directoryLatency = parsed.directoryLatency;
    if (parsed.accessTokenLifetimeSeconds !== undefined) {
      this.accessTokenLifetimeSeconds = parsed.accessTokenLifetimeSeconds;
    }
    if (parsed.idTokenLifetimeSeconds !== undefined)
      this.idTokenLifetimeSeconds = parsed.idTokenLifetimeSeconds;
    if (parsed.suspendedUsersCanSignIn !== undefined)
      this.suspendedUsersCanSignIn = parsed.suspendedUsersCanSignIn;
    if (parsed.archivedUsersCanSignIn !== undefined)
      this.archivedUsersCanSignIn = parsed.archivedUsersCanSignIn;
    if (parsed.failNext) this.injections.push(parsed.failNext);
    if (parsed.breakListing) this.listingBreaks.push(parsed.breakListing);
    if (parsed.imapDisabled) this.setImapDisabled(parsed.imapDisabled.user, parsed.imapDisabled.disabled);
  }

  /** Consumes one pending injection matching the endpoint label, if any. */
  takeFailure(endpoint: string): TFailureInjection | undefined {
    const injection = this.injections.find((candidate) => matchesEndpoint(candidate.endpoint, endpoint));
    if (!injection) return undefined;
    injection.count -= 1;
    if (injection.count <= 0)
      this.injections = this.injections.filter((candidate) => candidate !== injection);
    return injection;
  }

  /** The status a request for `page` (1-based) of a listing must fail with, if a break applies. */
  takeListingFailure(listing: TListing, page: number): TListingBreak['status'] | undefined {
    const rule = this.listingBreaks.find(
      (candidate) => candidate.listing === listing && page > candidate.afterPage,
    );
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.listingBreaks = this.listingBreaks.filter((candidate) => candidate !== rule);
    }
    return rule.status;
  }

  snapshot(): {
    latencyMs: number;
    directoryLatency: TDirectoryLatency;
    accessTokenLifetimeSeconds: number;
    idTokenLifetimeSeconds: number;
    suspendedUsersCanSignIn: boolean;
    archivedUsersCanSignIn: boolean;
    pendingFailures: TFailureInjection[];
    listingBreaks: TListingBreak[];
  } {
    return {
      latencyMs: this.latencyMs,
      directoryLatency: { ...this.directoryLatency },
      accessTokenLifetimeSeconds: this.accessTokenLifetimeSeconds,
      idTokenLifetimeSeconds: this.idTokenLifetimeSeconds,
      suspendedUsersCanSignIn: this.suspendedUsersCanSignIn,
      archivedUsersCanSignIn: this.archivedUsersCanSignIn,
      pendingFailures: this.injections.map((injection) => ({ ...injection })),
      listingBreaks: this.listingBreaks.map((rule) => ({ ...rule })),
    };
  }
}

function matchesEndpoint(pattern: string, endpoint: string): boolean {
  return pattern === 'any' || endpoint === pattern || endpoint.startsWith(`${pattern}.`);
}
