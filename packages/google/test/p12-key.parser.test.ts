import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { KeyFileError, parseP12Key } from '../src/index';
import { testKeyPair } from './support/key-files';
import { makeP12 } from './support/p12-files';

const clientEmail = 'archive-sync@acme-archive.iam.gserviceaccount.com';

function p12Error(run: () => unknown): KeyFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyFileError) return error;
    throw error;
  }
  throw new Error('expected the .p12 key to be rejected');
}

describe('parseP12Key', () => {
  it('opens a legacy .p12 key with the default password and yields the same key as the JSON file', () => {
    const key = parseP12Key(makeP12(), { clientEmail });
    expect(key).toMatchObject({
      type: 'service_account',
      format: 'p12',
      projectId: 'acme-archive',
      clientEmail,
      clientId: '104857600123456789012',
      tokenUri: 'https://oauth2.googleapis.com/token',
    });
    const original = createPrivateKey(testKeyPair().privateKeyPem).export({ type: 'pkcs8', format: 'der' });
    const parsed = createPrivateKey(key.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
    expect(parsed.equals(original)).toBe(true);
    expect(key.privateKeyPem.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
  });

  it('takes the Client ID, key id, token URI and password the admin typed', () => {
    const key = parseP12Key(makeP12({ password: 'rotated-secret', commonName: 'not-numeric' }), {
      clientEmail,
      clientId: '999888777666555444333',
      password: 'rotated-secret',
      privateKeyId: 'abcdef0123456789abcdef0123456789abcdef01',
      tokenUri: 'http://127.0.0.1:9/token',
    });
    expect(key.clientId).toBe('999888777666555444333');
    expect(key.privateKeyId).toBe('abcdef0123456789abcdef0123456789abcdef01');
    expect(key.tokenUri).toBe('http://127.0.0.1:9/token');
  });

  it('derives a key id from the certificate: its serial when that is a 40-digit hex id, else a fingerprint', () => {
    const serial = 'c0ffee0123456789abcdef0123456789abcdef01';
    expect(parseP12Key(makeP12({ serialNumber: serial }), { clientEmail }).privateKeyId).toBe(serial);
    const fingerprint = parseP12Key(makeP12(), { clientEmail }).privateKeyId;
    expect(fingerprint).toMatch(/^[0-9a-f]{40}$/);
    expect(fingerprint).not.toBe('01a2b3c4d5');
  });

  it('accepts the file base64-encoded, as a JSON upload carries it', () => {
    const base64 = Buffer.from(makeP12())
      .toString('base64')
      .replace(/(.{76})/g, '$1\n');
    expect(parseP12Key(base64, { clientEmail }).clientId).toBe('104857600123456789012');
  });

  it('reports a wrong password', () => {
    const error = p12Error(() => parseP12Key(makeP12({ password: 'other' }), { clientEmail }));
    expect(error.code).toBe('KEY_FILE_P12_BAD_PASSWORD');
    expect(error.message).toContain('notasecret');
  });

  it('reports a file that is not PKCS#12', () => {
    expect(p12Error(() => parseP12Key('{"type":"service_account"}', { clientEmail })).code).toBe(
      'KEY_FILE_NOT_P12',
    );
    expect(
      p12Error(() => parseP12Key(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]), { clientEmail })).code,
    ).toBe('KEY_FILE_NOT_P12');
  });

  it('reports a .p12 that holds only a certificate', () => {
    const error = p12Error(() => parseP12Key(makeP12({ withKey: false }), { clientEmail }));
    expect(error.code).toBe('KEY_FILE_BAD_PRIVATE_KEY');
  });

  it('needs the service account email, and a Client ID when the certificate does not carry one', () => {
    const noEmail = p12Error(() => parseP12Key(makeP12(), { clientEmail: ' ' }));
    expect(noEmail.code).toBe('KEY_FILE_MISSING_FIELD');
    expect(noEmail.details.field).toBe('client_email');
    const noClientId = p12Error(() => parseP12Key(makeP12({ commonName: 'privatekey' }), { clientEmail }));
    expect(noClientId.code).toBe('KEY_FILE_MISSING_FIELD');
    expect(noClientId.details.field).toBe('client_id');
    expect(noClientId.message).toContain('Unique ID');
  });

  it('applies the size limit', () => {
    expect(p12Error(() => parseP12Key(new Uint8Array(70 * 1024), { clientEmail })).code).toBe(
      'KEY_FILE_TOO_LARGE',
    );
  });
});

describe('parseP12Key against a crafted file', () => {
  // The MAC's iteration count sits in plain sight at the end of the file: set it to 2^31 - 1.
  function withMacIterations(bytes: Uint8Array, iterations: number): Uint8Array {
    const pfx = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    const macData = (pfx.value as forge.asn1.Asn1[])[2] as forge.asn1.Asn1;
    const count = (macData.value as forge.asn1.Asn1[])[2] as forge.asn1.Asn1;
    count.value = forge.asn1.integerToDer(iterations).getBytes();
    return new Uint8Array(Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary'));
  }

  it('refuses 2^31 password-hashing rounds at once instead of blocking the event loop', () => {
    const crafted = withMacIterations(makeP12(), 2 ** 31 - 1);
    const started = performance.now();
    const error = p12Error(() => parseP12Key(crafted, { clientEmail }));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error.code).toBe('KEY_FILE_P12_TOO_COSTLY');
    expect(error.message).toMatch(/2,147,483,647 password-hashing rounds; Google's \.p12 keys use 2,048/);
  });

  it('still opens a key whose counts are within the caps', () => {
    expect(parseP12Key(makeP12({ count: 10_000 }), { clientEmail }).clientEmail).toBe(clientEmail);
  });

  it('caps the counts inside encrypted bags too, which no scan before decryption could read', () => {
    // No MAC: the only derivation with 30,000 rounds is the one for the encrypted key bag.
    const bytes = makeP12({ count: 30_000, useMac: false });
    const error = p12Error(() => parseP12Key(bytes, { clientEmail }));
    expect(error.code).toBe('KEY_FILE_P12_TOO_COSTLY');
  });
});
