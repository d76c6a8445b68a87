import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_SCOPES,
  jsonKeyFile,
  startGoogleHarness,
  uploadKey,
} from '../google-connection/support/google-connection.fixture';
import type { TAppHarness } from '../support/app-harness';

// Minimal DER: enough to rewrite the MAC iteration count at the end of a PKCS#12 file.
type TTlv = { tag: number; content: Buffer };
function readTlvs(bytes: Buffer): TTlv[] {
  const items: TTlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tag = bytes[offset] as number;
    let length = bytes[offset + 1] as number;
    let header = 2;
    if (length & 0x80) {
      const octets = length & 0x7f;
      length = bytes.readUIntBE(offset + 2, octets);
      header += octets;
    }
    items.push({ tag, content: bytes.subarray(offset + header, offset + header + length) });
    offset += header + length;
  }
  return items;
}
function writeTlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : Buffer.concat([Buffer.from([0x82]), Buffer.from([n >> 8, n & 0xff])]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
function withMacIterations(p12: Buffer, iterations: Buffer): Buffer {
  const [pfx] = readTlvs(p12);
  const [version, authSafe, macData] = readTlvs(pfx!.content);
  const [mac, salt] = readTlvs(macData!.content);
  const rebuiltMac = writeTlv(
    0x30,
    Buffer.concat([
      writeTlv(mac!.tag, mac!.content),
      writeTlv(salt!.tag, salt!.content),
      writeTlv(0x02, iterations),
    ]),
  );
  return writeTlv(
    0x30,
    Buffer.concat([
      writeTlv(version!.tag, version!.content),
      writeTlv(authSafe!.tag, authSafe!.content),
      rebuiltMac,
    ]),
  );
}

describe('uploading a service-account key, as an attacker or a confused admin would', () => {
  let h: TAppHarness;

  beforeAll(async () => {
    h = await startGoogleHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const p12File = (content: Buffer) => ({
    fileName: 'key.p12',
    content,
    contentType: 'application/x-pkcs12',
  });

  it('refuses a .p12 asking for 2^31 hashing rounds at once, instead of stalling the server', async () => {
    const key = h.emulator.createP12Key();
    const crafted = withMacIterations(Buffer.from(key.p12), Buffer.from([0x7f, 0xff, 0xff, 0xff]));
    const started = performance.now();
    const response = await uploadKey(h.app, h.admin, p12File(crafted), { clientEmail: key.clientEmail });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'KEY_FILE_P12_TOO_COSTLY' });
  });

  it('reads the password typed for a .p12 key (Google\'s "notasecret" when none is given)', async () => {
    const key = h.emulator.createP12Key();
    const wrong = await uploadKey(h.app, h.admin, p12File(Buffer.from(key.p12)), {
      clientEmail: key.clientEmail,
      password: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'KEY_FILE_P12_BAD_PASSWORD' });
    expect(wrong.json().error.message).toContain('Password field');
    const right = await uploadKey(h.app, h.admin, p12File(Buffer.from(key.p12)), {
      clientEmail: key.clientEmail,
      password: 'notasecret',
    });
    expect(right.statusCode, right.body).toBe(200);
  });

  it.each([
    'http://attacker.example/token',
    'https://attacker.example/token',
    'http://oauth2.googleapis.com/token',
  ])(
    'refuses a JSON key whose token_uri is %s, so no signed assertion is ever posted there',
    async (tokenUri) => {
      const key = h.emulator.createServiceAccountKey();
      const json = JSON.stringify({ ...JSON.parse(key.json), token_uri: tokenUri });
      const response = await uploadKey(h.app, h.admin, jsonKeyFile(json));
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'KEY_FILE_INVALID_FIELD',
        details: { field: 'token_uri' },
      });
    },
  );

  it('accepts the token endpoint the operator configured (GOOGLE_TOKEN_URI: here the emulator)', async () => {
    const response = await uploadKey(h.app, h.admin, jsonKeyFile(h.emulator.createServiceAccountKey().json));
    expect(response.statusCode, response.body).toBe(200);
  });

  it('says what a wrong file is and what was expected', async () => {
    const response = await uploadKey(
      h.app,
      h.admin,
      jsonKeyFile(JSON.stringify({ name: 'my-app', version: '1.0.0', type: 'module' }), 'package.json'),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(
      /^This file is not a Google service-account key: its "type" is "module", expected "service_account"\./,
    );
  });
});

describe('saving the admin user that the server acts as', () => {
  let h: TAppHarness;

  beforeAll(async () => {
    h = await startGoogleHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const save = (adminUser: string) =>
    h.admin.request({ method: 'PUT', url: '/api/google/admin-user', payload: { adminUser } });

  it('is refused on Save when Google does not know the address, naming the field', async () => {
    const key = h.emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
    expect((await uploadKey(h.app, h.admin, jsonKeyFile(key.json))).statusCode).toBe(200);
    const response = await save('nobody@example.com');
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.message).toContain('Google does not know nobody@example.com');
    expect(response.json().error.details.fields).toMatchObject({ adminUser: expect.any(String) });
    expect((await save('admin@example.com')).statusCode).toBe(200);
  });

  it('is saved while delegation is still being granted (Check setup reports that)', async () => {
    const key = h.emulator.createServiceAccountKey({ delegatedScopes: [] });
    const harness = await startGoogleHarness({ emulator: h.emulator });
    try {
      expect((await uploadKey(harness.app, harness.admin, jsonKeyFile(key.json))).statusCode).toBe(200);
      const response = await harness.admin.request({
        method: 'PUT',
        url: '/api/google/admin-user',
        payload: { adminUser: 'admin@example.com' },
      });
      expect(response.statusCode, response.body).toBe(200);
    } finally {
      await harness.close();
    }
  });
});
