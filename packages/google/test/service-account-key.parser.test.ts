import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyFileError, parseServiceAccountKey, summarizeServiceAccountKey } from '../src/index';
import { serviceAccountFile, serviceAccountJson, testKeyPair } from './support/key-files';

function parseError(input: Uint8Array | string, opts?: { maxBytes?: number }): KeyFileError {
  try {
    parseServiceAccountKey(input, opts);
  } catch (error) {
    if (error instanceof KeyFileError) return error;
    throw error;
  }
  throw new Error('expected the key file to be rejected');
}

describe('parseServiceAccountKey', () => {
  it('reads a service-account key as Google Cloud downloads it', () => {
    const key = parseServiceAccountKey(new TextEncoder().encode(serviceAccountFile()));
    expect(key).toEqual({
      type: 'service_account',
      format: 'json',
      projectId: 'acme-archive',
      privateKeyId: '4f1c0e9a2b3d4c5e6f708192a3b4c5d6e7f80912',
      privateKeyPem: testKeyPair().privateKeyPem,
      clientEmail: 'archive-sync@acme-archive.iam.gserviceaccount.com',
      clientId: '104857600123456789012',
      tokenUri: 'https://oauth2.googleapis.com/token',
      universeDomain: 'googleapis.com',
    });
  });

  it('accepts a string, a byte-order mark and a key whose line breaks were escaped twice', () => {
    const escaped = testKeyPair().privateKeyPem.replaceAll('\n', '\\n');
    const key = parseServiceAccountKey(`\uFEFF${serviceAccountFile({ private_key: escaped })}`);
    expect(key.privateKeyPem).toBe(testKeyPair().privateKeyPem);
  });

  it('keeps the token_uri of the file, so a private endpoint or the emulator is honoured', () => {
    const key = parseServiceAccountKey(serviceAccountFile({ token_uri: 'http://127.0.0.1:4555/token' }));
    expect(key.tokenUri).toBe('http://127.0.0.1:4555/token');
  });

  it('rejects an oversized upload before parsing it', () => {
    const error = parseError(`${serviceAccountFile()}${' '.repeat(70 * 1024)}`);
    expect(error.code).toBe('KEY_FILE_TOO_LARGE');
    expect(error.details.maxBytes).toBe(64 * 1024);
    expect(parseError(serviceAccountFile(), { maxBytes: 1000 }).code).toBe('KEY_FILE_TOO_LARGE');
  });

  it('rejects a file that is not JSON, and recognises a .p12 uploaded as JSON', () => {
    const text = parseError('This is my key, honest.');
    expect(text.code).toBe('KEY_FILE_NOT_JSON');
    const p12 = parseError(new Uint8Array([0x30, 0x82, 0x09, 0xc0, 0x02, 0x01, 0x03]));
    expect(p12.code).toBe('KEY_FILE_NOT_JSON');
    expect(p12.message).toMatch(/\.p12/);
    expect(parseError('').code).toBe('KEY_FILE_NOT_JSON');
    expect(parseError('0123 not a key').message).not.toMatch(/\.p12/);
  });

  it('says a file cut off mid-way is truncated and must be downloaded again', () => {
    const file = serviceAccountFile();
    for (const cut of [file.length - 3, Math.floor(file.length / 2), 40]) {
      const error = parseError(file.slice(0, cut));
      expect(error.code).toBe('KEY_FILE_TRUNCATED');
      expect(error.message).toMatch(/ends in the middle.*download it again/is);
    }
  });

  it('treats broken JSON that is not cut short as not JSON', () => {
    expect(parseError('{"type": service_account}').code).toBe('KEY_FILE_NOT_JSON');
  });

  it.each(['web', 'installed'])(
    'explains that an OAuth client file (%s) is not a service-account key',
    (kind) => {
      const file = JSON.stringify({
        [kind]: {
          client_id: '1234-abc.apps.googleusercontent.com',
          client_secret: 'GOCSPX-x',
          redirect_uris: [],
        },
      });
      const error = parseError(file);
      expect(error.code).toBe('KEY_FILE_IS_OAUTH_CLIENT');
      expect(error.message).toContain('OAuth client ID');
      expect(error.message).toContain('IAM & Admin > Service Accounts');
      expect(error.message).toMatch(/Keys > Add key > .*JSON/);
    },
  );

  it.each([
    ['authorized_user', /personal user credential/],
    ['external_account', /workload identity federation/],
    ['impersonated_service_account', /impersonation/],
    ['something_new', /"something_new"/],
  ])('rejects a credential of type %s', (type, explanation) => {
    const error = parseError(
      JSON.stringify({ type, client_id: 'x', client_secret: 'y', refresh_token: 'z' }),
    );
    expect(error.code).toBe('KEY_FILE_WRONG_TYPE');
    expect(error.details.type).toBe(type);
    expect(error.message).toMatch(explanation);
    expect(error.message).toContain(
      `not a Google service-account key: its "type" is "${type}", expected "service_account"`,
    );
  });

  it('says what a wrong file is, e.g. a package.json picked from the same folder', () => {
    const error = parseError(JSON.stringify({ name: 'my-app', type: 'module', version: '1.0.0' }));
    expect(error.message).toMatch(
      /^This file is not a Google service-account key: its "type" is "module", expected "service_account"\. In Google Cloud/,
    );
    expect(error.message).not.toContain('credential of type');
  });

  it('rejects JSON without a type and JSON that is not an object', () => {
    expect(parseError('{"hello": "world"}').code).toBe('KEY_FILE_WRONG_TYPE');
    expect(parseError('[1, 2, 3]').code).toBe('KEY_FILE_WRONG_TYPE');
  });

  it.each(['client_email', 'client_id', 'private_key_id', 'private_key', 'token_uri'])(
    'names the missing field %s',
    (field) => {
      const json = serviceAccountJson();
      delete json[field];
      const error = parseError(JSON.stringify(json));
      expect(error.code).toBe('KEY_FILE_MISSING_FIELD');
      expect(error.details.field).toBe(field);
      expect(error.message).toContain(`"${field}"`);
    },
  );

  it('lists every missing field and treats blank values as missing', () => {
    const error = parseError(serviceAccountFile({ client_id: '  ', token_uri: undefined }));
    expect(error.details.fields).toEqual(['client_id', 'token_uri']);
    expect(error.message).toContain('"client_id", "token_uri"');
  });

  it('rejects a token_uri that is not a web address', () => {
    const error = parseError(serviceAccountFile({ token_uri: 'oauth2.googleapis.com/token' }));
    expect(error.code).toBe('KEY_FILE_INVALID_FIELD');
    expect(error.details.field).toBe('token_uri');
  });

  it('rejects a private key that is damaged, PKCS#1, encrypted or not RSA', () => {
    const pem = testKeyPair().privateKeyPem;
    const damaged = pem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const cases = {
      damaged,
      notPem: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4Pv1KSFPnW8',
      pkcs1: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      encrypted: rsa.privateKey
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
        .toString(),
      ec: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    for (const [name, privateKey] of Object.entries(cases)) {
      const error = parseError(serviceAccountFile({ private_key: privateKey }));
      expect(error.code, name).toBe('KEY_FILE_BAD_PRIVATE_KEY');
      expect(error.message, name).not.toContain(privateKey.slice(40, 80));
    }
  });

  it('never puts the private key into a message', () => {
    const pem = testKeyPair().privateKeyPem;
    const body = pem.split('\n')[5] ?? '';
    const error = parseError(serviceAccountFile({ client_id: undefined }));
    expect(error.message).not.toContain(body);
    expect(JSON.stringify(error.details)).not.toContain(body);
  });

  it('summarises a key without its private key', () => {
    const summary = summarizeServiceAccountKey(parseServiceAccountKey(serviceAccountFile()));
    expect(summary).not.toHaveProperty('privateKeyPem');
    expect(summary.clientId).toBe('104857600123456789012');
  });
});
