import { createHash, randomBytes } from 'node:crypto';

// Google user ids are 21-digit decimal strings starting with 1; group ids are 15 lowercase
// base-36 characters starting with 0. Deriving them from a hash keeps fixtures without ids stable.
export function numericIdFrom(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let digits = '1';
  for (let i = 0; digits.length < 21; i++) {
    digits += String(digest[i % digest.length]! % 10);
  }
  return digits;
}

export function groupIdFrom(seed: string): string {
  const digest = createHash('sha256').update(`group:${seed}`).digest();
  let id = '0';
  for (let i = 0; id.length < 15; i++) {
    id += (digest[i]! % 36).toString(36);
  }
  return id;
}

export function randomNumericId(): string {
  return numericIdFrom(randomBytes(16).toString('hex'));
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
