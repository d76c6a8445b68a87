// What signin.bench.ts and its driver process share: the message protocol and the bench's users.
// Kept apart from the driver so that importing it does not start a second emulator in the server's
// process (which, never closed, kept the bench from exiting).
export type TDriverReady = { type: 'ready'; issuer: string };
export type TDriverCommand =
  | { type: 'register'; clientId: string; clientSecret: string; redirectUri: string }
  | {
      type: 'run';
      phase: string;
      kind: 'sign-in' | 'healthz';
      count: number;
      concurrency: number;
      serverUrl: string;
    }
  | { type: 'stop' };
export type TDriverReply =
  | { type: 'registered' }
  | { type: 'phase-started'; phase: string }
  | { type: 'phase-done'; phase: string; seconds: number; failures: number; firstFailure?: string };

export const BENCH_DOMAIN = 'signin.bench.example';
export const BENCH_USERS = 200;

export function benchUser(index: number): { email: string; googleUserId: string } {
  return {
    email: `user${String(index).padStart(3, '0')}@${BENCH_DOMAIN}`,
    googleUserId: String(300_000_000_000_000_000_000n + BigInt(index)),
  };
}
