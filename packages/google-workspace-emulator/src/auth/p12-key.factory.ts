import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { ServiceAccountRegistry } from './service-account.registry';
import {
  DEFAULT_PROJECT_ID,
  defaultClientEmail,
  type TServiceAccountKeyOptions,
} from './service-account-key.factory';

export type TP12Key = { p12: Buffer; clientEmail: string; clientId: string; keyId: string };

/** Google's legacy key format: PKCS#12 with the fixed password "notasecret". */
export const P12_PASSWORD = 'notasecret';

export function createP12Key(
  registry: ServiceAccountRegistry,
  options: TServiceAccountKeyOptions = {},
): TP12Key {
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const clientEmail = options.clientEmail ?? defaultClientEmail(projectId);
  const account = registry.ensure(clientEmail, projectId);
  // Node generates the RSA key natively; forge only packs it, because pure-JS generation takes seconds.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  );
  const forgePublic = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forgePublic;
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`;
  certificate.validity.notBefore = new Date();
  certificate.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: account.clientId }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(forgeKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [certificate], P12_PASSWORD, {
    algorithm: '3des',
    friendlyName: 'privatekey',
  });
  const p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  const keyId = randomBytes(20).toString('hex');
  registry.addKey(account, keyId, createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })));
  if (options.delegatedScopes) registry.grantDelegation(account.clientId, options.delegatedScopes);
  return { p12, clientEmail, clientId: account.clientId, keyId };
}
