import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from './secret-box';

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';

function openError(run: () => unknown): SecretBoxError {
  try {
    run();
  } catch (error) {
    if (error instanceof SecretBoxError) return error;
    throw error;
  }
  throw new Error('expected open() to fail');
}

// Flips one bit of the base64url part at `index` (1 = fingerprint … 4 = ciphertext).
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createSecretBox', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed, for the same purpose', () => {
    const sealed = box.seal(PEM, 'google.private-key:abc');
    expect(box.open(sealed, 'google.private-key:abc')).toBe(PEM);
  });

  it('never writes the plaintext into the sealed value and never repeats a nonce', () => {
    const first = box.seal(PEM, 'a');
    const second = box.seal(PEM, 'a');
    expect(first).not.toBe(second);
    expect(first).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7');
    expect(first.split('.')[0]).toBe('v1');
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
  });

  it('round-trips empty and non-ASCII text', () => {
    expect(box.open(box.seal('', 'x'), 'x')).toBe('');
    expect(box.open(box.seal('Grüße – 秘密', 'x'), 'x')).toBe('Grüße – 秘密');
  });

  it.each([
    ['ciphertext', 4],
    ['authentication tag', 3],
    ['nonce', 2],
  ])('detects a changed %s', (_label, index) => {
    const sealed = box.seal(PEM, 'aad');
    expect(openError(() => box.open(tamper(sealed, index), 'aad')).code).toBe('SECRET_UNREADABLE');
  });

  it('refuses a value sealed for another purpose (AAD is bound)', () => {
    const sealed = box.seal(PEM, 'google.private-key:one');
    const error = openError(() => box.open(sealed, 'google.private-key:two'));
    expect(error.code).toBe('SECRET_UNREADABLE');
    expect(error.message).toContain('altered, or belongs to another record');
  });

  it('refuses to open with another master key and names both keys', () => {
    const sealed = box.seal(PEM, 'aad');
    const other = createSecretBox(randomBytes(32));
    const error = openError(() => other.open(sealed, 'aad'));
    expect(error.code).toBe('SECRET_UNREADABLE');
    expect(error.message).toContain(box.keyFingerprint);
    expect(error.message).toContain(other.keyFingerprint);
    expect(error.message).not.toContain('PRIVATE KEY');
  });

  it.each([['not a sealed value'], ['v2.a.b.c.d'], ['v1.abc.AAAA.AAAA.AAAA'], ['']])(
    'rejects the malformed value %j',
    (value) => {
      expect(openError(() => box.open(value, 'aad')).code).toBe('SECRET_MALFORMED');
    },
  );

  it('refuses a master key of the wrong length', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
