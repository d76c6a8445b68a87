import {
  createTokenBucketLimiter,
  DirectoryError,
  type TDirectoryClient,
  type TDirectoryUser,
  type TRateLimiter,
} from '@wac/google';

/**
 * The share of Google's 2,400 Directory queries a minute that listings run side by side may take
 * together; the rest stays for the console, sign-ins and other runs acting as the same admin.
 */
export const DEFAULT_PARALLEL_QUERIES_PER_MINUTE = 1_500;

type TLane = { domain: string; items: TDirectoryUser[]; head: number; isDone: boolean };

// Consumed users are dropped from a lane's array now and then rather than shifted one by one.
const COMPACT_EVERY = 4_096;

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Lists each domain of the account on its own (`domain=`), all at once within one shared rate
 * limit, and yields the union merged in email order: the sequence the account-wide listing gives,
 * so the plan is the same. Exact because every user's primary address is in exactly one domain of
 * the account; checked as it goes (a user listed under another domain, or twice, fails the read).
 * One domain failing fails the whole listing, after stopping the others: nothing is planned from a part.
 */
export async function* listUsersByDomain(
  directory: TDirectoryClient,
  domains: readonly string[],
  options: { queriesPerMinute?: number; limiter?: TRateLimiter } = {},
): AsyncGenerator<TDirectoryUser> {
  const limiter =
    options.limiter ??
    createTokenBucketLimiter({ perMinute: options.queriesPerMinute ?? DEFAULT_PARALLEL_QUERIES_PER_MINUTE });
  const lanes: TLane[] = domains.map((domain) => ({ domain, items: [], head: 0, isDone: false }));
  let failure: { error: unknown } | null = null;
  let isStopped = false;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };

  const pumps = lanes.map(async (lane) => {
    try {
      for await (const user of directory.users({ domain: lane.domain, limiter })) {
        if (isStopped) break;
        if (domainOf(user.primaryEmail) !== lane.domain) {
          throw new DirectoryError(
            'LISTING_INCOMPLETE',
            `Google listed ${user.primaryEmail} among the users of ${lane.domain}, so the per-domain listing is not exact; nothing was changed.`,
          );
        }
        lane.items.push(user);
        wakeUp();
      }
    } catch (error) {
      failure ??= { error };
      isStopped = true;
    } finally {
      lane.isDone = true;
      wakeUp();
    }
  });

  const seenIds = new Set<string>();
  try {
    for (;;) {
      if (failure !== null) throw (failure as { error: unknown }).error;
      // The merge needs the next user of every lane that is not finished.
      const waiting = lanes.some((lane) => !lane.isDone && lane.head >= lane.items.length);
      if (waiting) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      let next: TLane | null = null;
      for (const lane of lanes) {
        if (lane.head >= lane.items.length) continue;
        if (next === null || lane.items[lane.head]!.primaryEmail < next.items[next.head]!.primaryEmail)
          next = lane;
      }
      if (next === null) return;
      const user = next.items[next.head]!;
      next.head += 1;
      if (next.head >= COMPACT_EVERY) {
        next.items = next.items.slice(next.head);
        next.head = 0;
      }
      if (seenIds.has(user.id)) {
        throw new DirectoryError(
          'LISTING_INCOMPLETE',
          `Google listed user ${user.id} (${user.primaryEmail}) in two domains, so the per-domain listing is not exact; nothing was changed.`,
        );
      }
      seenIds.add(user.id);
      yield user;
    }
  } finally {
    isStopped = true;
    wakeUp();
    await Promise.allSettled(pumps);
  }
}
