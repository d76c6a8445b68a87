import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export type TTestKeyPair = { privateKeyPem: string; publicKey: KeyObject };

let cached: TTestKeyPair | undefined;

/** One 2048-bit key per test file: jose refuses shorter RSA keys for RS256, and generating is slow. */
export function testKeyPair(): TTestKeyPair {
  if (!cached) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    cached = { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
  }
  return cached;
}

export function serviceAccountJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'service_account',
    project_id: 'acme-archive',
    private_key_id: '4f1c0e9a2b3d4c5e6f708192a3b4c5d6e7f80912',
    private_key: testKeyPair().privateKeyPem,
    client_email: 'archive-sync@acme-archive.iam.gserviceaccount.com',
    client_id: '104857600123456789012',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url:
      'https://www.googleapis.com/robot/v1/metadata/x509/archive-sync%40acme-archive.iam.gserviceaccount.com',
    universe_domain: 'googleapis.com',
    ...overrides,
  };
}

export function serviceAccountFile(overrides: Record<string, unknown> = {}): string {
  return `${JSON.stringify(serviceAccountJson(overrides), null, 2)}\n`;
}
