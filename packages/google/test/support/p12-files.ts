import forge from 'node-forge';
import { testKeyPair } from './key-files';

export type TP12Options = {
  password?: string;
  commonName?: string;
  serialNumber?: string;
  withKey?: boolean;
  /** Password-hashing rounds of the key bag and the MAC (forge's default 2048, like Google). */
  count?: number;
  useMac?: boolean;
};

/** A PKCS#12 file shaped like Google's legacy .p12 keys: one RSA key plus its self-signed certificate. */
export function makeP12(opts: TP12Options = {}): Uint8Array {
  const privateKey = forge.pki.privateKeyFromPem(testKeyPair().privateKeyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = opts.serialNumber ?? '01a2b3c4d5';
  cert.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2034-01-01T00:00:00Z');
  const subject = [{ name: 'commonName', value: opts.commonName ?? '104857600123456789012' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    opts.withKey === false ? null : privateKey,
    [cert],
    opts.password ?? 'notasecret',
    {
      algorithm: '3des',
      friendlyName: 'privatekey',
      ...(opts.count === undefined ? {} : { count: opts.count }),
      ...(opts.useMac === undefined ? {} : { useMac: opts.useMac }),
    },
  );
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}
