import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { P12_PASSWORD } from '../src/auth/p12-key.factory';
import { SCOPES } from '../src/auth/scopes';
import { startEmulator, type TEmulator } from '../src/emulator';
import { JWT_BEARER, postForm, signAssertion } from './support/assertion';

describe('legacy .p12 keys', () => {
  let emulator: TEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('opens with "notasecret" and its key signs assertions the token endpoint accepts', async () => {
    const key = emulator.createP12Key({
      clientEmail: 'legacy@wac-emulator.iam.gserviceaccount.com',
      delegatedScopes: [SCOPES.directoryUserReadonly],
    });
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(key.p12.toString('binary')));
    const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, P12_PASSWORD);
    const bags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[
      forge.pki.oids.pkcs8ShroudedKeyBag!
    ]!;
    expect(bags[0]!.attributes.friendlyName).toEqual(['privatekey']);
    const privateKeyPem = forge.pki.privateKeyInfoToPem(
      forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bags[0]!.key as forge.pki.rsa.PrivateKey)),
    );

    const assertion = await signAssertion({
      privateKeyPem,
      clientEmail: key.clientEmail,
      audience: emulator.tokenUri,
      scope: SCOPES.directoryUserReadonly,
      subject: 'admin@example.com',
    });
    const response = await postForm(emulator.tokenUri, { grant_type: JWT_BEARER, assertion });
    expect(response.status).toBe(200);
  });

  it('cannot be opened with another password', () => {
    const key = emulator.createP12Key();
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(key.p12.toString('binary')));
    expect(() => forge.pkcs12.pkcs12FromAsn1(asn1, 'wrong')).toThrow();
  });
});
