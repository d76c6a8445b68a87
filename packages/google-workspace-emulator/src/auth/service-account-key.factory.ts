import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ServiceAccountRegistry } from './service-account.registry';

export type TServiceAccountKeyOptions = {
  clientEmail?: string;
  projectId?: string;
  /** Scopes to authorise for the client id in domain-wide delegation; none by default, as in Google. */
  delegatedScopes?: string[];
};

export type TServiceAccountKey = {
  /** The key file exactly as Google Cloud's console downloads it, token_uri pointing at the emulator. */
  json: string;
  clientEmail: string;
  clientId: string;
  privateKeyPem: string;
  keyId: string;
};

export const DEFAULT_PROJECT_ID = 'wac-emulator';

export function defaultClientEmail(projectId: string): string {
  return `wac-directory-sync@${projectId}.iam.gserviceaccount.com`;
}

export function createServiceAccountKey(
  registry: ServiceAccountRegistry,
  origin: string,
  options: TServiceAccountKeyOptions = {},
): TServiceAccountKey {
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const clientEmail = options.clientEmail ?? defaultClientEmail(projectId);
  const account = registry.ensure(clientEmail, projectId);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keyId = randomBytes(20).toString('hex');
  registry.addKey(account, keyId, createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })));
  if (options.delegatedScopes) registry.grantDelegation(account.clientId, options.delegatedScopes);
  const file = {
    type: 'service_account',
    project_id: projectId,
    private_key_id: keyId,
    private_key: privateKeyPem,
    client_email: clientEmail,
    client_id: account.clientId,
    auth_uri: `${origin}/o/oauth2/auth`,
    token_uri: `${origin}/token`,
    auth_provider_x509_cert_url: `${origin}/oauth2/v1/certs`,
    client_x509_cert_url: `${origin}/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  };
  return {
    json: `${JSON.stringify(file, null, 2)}\n`,
    clientEmail,
    clientId: account.clientId,
    privateKeyPem,
    keyId,
  };
}
