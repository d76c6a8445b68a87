import forge from 'node-forge';
import { KeyFileError } from './key-file.error';

/**
 * PKCS#12 lets a file choose its own key-derivation iteration counts (up to 2^31), and node-forge
 * derives keys synchronously on the event loop: a crafted .p12 could stall the server for minutes.
 * Google's .p12 keys use 2048 per derivation and about 10,000 in all; these caps leave room for a
 * re-export by other tools (Java uses 10,000) while bounding a parse to well under a second.
 */
export const MAX_P12_ITERATIONS = 20_000;
export const MAX_P12_TOTAL_ITERATIONS = 80_000;

let budget: { remaining: number } | null = null;

function spend(count: unknown): void {
  if (budget === null) return;
  const iterations = Number(count);
  if (
    !Number.isSafeInteger(iterations) ||
    iterations < 1 ||
    iterations > MAX_P12_ITERATIONS ||
    iterations > budget.remaining
  ) {
    throw new KeyFileError(
      'KEY_FILE_P12_TOO_COSTLY',
      `The .p12 file asks for ${Number.isSafeInteger(iterations) ? iterations.toLocaleString('en-US') : 'an unreadable number of'} ` +
        `password-hashing rounds${iterations <= MAX_P12_ITERATIONS ? ' (more in all than a key needs)' : ''}; Google's .p12 keys use 2,048 ` +
        `and this server accepts at most ${MAX_P12_ITERATIONS.toLocaleString('en-US')}. Upload the .p12 file exactly as ` +
        'Google Cloud downloaded it, or a JSON key.',
    );
  }
  budget.remaining -= iterations;
}

// Every derivation node-forge runs for PKCS#12 goes through one of these three (looked up on the
// namespace at call time), so wrapping them sees even the counts inside encrypted bags, which no
// scan of the file could read before decryption. Outside withP12IterationBudget they do nothing.
type TKdf = (...args: unknown[]) => unknown;
type TKdfNamespace = Record<string, TKdf>;
const namespaces = forge as unknown as { pkcs12: TKdfNamespace; pbe: TKdfNamespace; pkcs5: TKdfNamespace };

function guardKdf(namespace: TKdfNamespace, name: string, countIndex: number): void {
  const original = namespace[name];
  if (original === undefined)
    throw new Error(`node-forge has no ${name}; the .p12 iteration guard needs updating`);
  namespace[name] = function guarded(this: unknown, ...args: unknown[]) {
    spend(args[countIndex]);
    return original.apply(this, args);
  };
}

let isInstalled = false;
function install(): void {
  if (isInstalled) return;
  isInstalled = true;
  guardKdf(namespaces.pkcs12, 'generateKey', 3);
  guardKdf(namespaces.pbe, 'generatePkcs12Key', 3);
  guardKdf(namespaces.pkcs5, 'pbkdf2', 2);
}

/** Runs a synchronous PKCS#12 parse with the iteration caps in force. */
export function withP12IterationBudget<T>(parse: () => T): T {
  install();
  budget = { remaining: MAX_P12_TOTAL_ITERATIONS };
  try {
    return parse();
  } finally {
    budget = null;
  }
}
