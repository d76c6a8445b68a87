import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { GOOGLE_TOKEN_URI } from '../google-scopes';
import { KeyFileError } from './key-file.error';
import { toKeyFileBytes } from './key-file-input';
import { withP12IterationBudget } from './p12-iteration.guard';
import { normalizePkcs8RsaPem } from './private-key.validator';
import type { TServiceAccountKey } from './service-account-key.types';

export type TParseP12KeyOptions = {
  clientEmail: string;
  clientId?: string;
  /** Google protects every legacy .p12 key with this password. */
  password?: string;
  tokenUri?: string;
  /** The Key ID shown in Google Cloud; derived from the certificate when omitted. */
  privateKeyId?: string;
  maxBytes?: number;
};

type TP12Contents = { key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate | null };

/** `input` is the file's bytes, or the same bytes base64-encoded (as a JSON upload carries them). */
export function parseP12Key(input: Uint8Array | string, opts: TParseP12KeyOptions): TServiceAccountKey {
  const bytes = toKeyFileBytes(typeof input === 'string' ? fromBase64(input) : input, opts.maxBytes);
  const clientEmail = requireText(opts.clientEmail, 'client_email', 'Type the service account email');
  const { key, cert } = withP12IterationBudget(() => openP12(bytes, opts.password || 'notasecret'));
  const privateKeyPem = normalizePkcs8RsaPem(
    forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))),
  );
  const clientId = opts.clientId?.trim() || numericCommonName(cert);
  return {
    type: 'service_account',
    format: 'p12',
    projectId: projectIdFromEmail(clientEmail),
    privateKeyId: opts.privateKeyId?.trim() || keyIdFromCertificate(cert, key),
    privateKeyPem,
    clientEmail,
    clientId: requireText(
      clientId ?? '',
      'client_id',
      'Type the Client ID (the numeric "Unique ID" on the service account\'s details page)',
    ),
    tokenUri: opts.tokenUri ?? GOOGLE_TOKEN_URI,
    universeDomain: null,
  };
}

function openP12(bytes: Uint8Array, password: string): TP12Contents {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.binary.raw.encode(bytes));
  } catch {
    throw notP12();
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    if (error instanceof Error && /mac could not be verified|invalid password/i.test(error.message)) {
      throw new KeyFileError(
        'KEY_FILE_P12_BAD_PASSWORD',
        'The .p12 key did not open with this password. Google protects .p12 keys with "notasecret"; ' +
          'if the file was re-exported with another password, type that one in the Password field.',
      );
    }
    throw notP12();
  }
  const key = findRsaKey(p12);
  const certBag = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag ?? '']?.[0];
  return { key, cert: certBag?.cert ?? null };
}

function findRsaKey(p12: forge.pkcs12.Pkcs12Pfx): forge.pki.rsa.PrivateKey {
  for (const bagType of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag]) {
    if (bagType === undefined) continue;
    const bag = p12.getBags({ bagType })[bagType]?.[0];
    if (bag?.key) return bag.key as forge.pki.rsa.PrivateKey;
    if (bag) break;
  }
  throw new KeyFileError(
    'KEY_FILE_BAD_PRIVATE_KEY',
    'The .p12 file opened, but holds no RSA private key. Create a new key in Google Cloud ' +
      '(IAM & Admin > Service Accounts > Keys > Add key > Create new key > JSON) and upload that instead.',
  );
}

function fromBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(compact)
    ? new Uint8Array(Buffer.from(compact, 'base64'))
    : new TextEncoder().encode(text);
}

function notP12(): KeyFileError {
  return new KeyFileError(
    'KEY_FILE_NOT_P12',
    'The file is not a .p12 (PKCS#12) key. If you downloaded a JSON key, upload it as a JSON key instead.',
  );
}

// Google names the certificate after the service account's numeric unique ID (= the Client ID).
function numericCommonName(cert: forge.pki.Certificate | null): string | null {
  const value = cert?.subject.getField('CN')?.value;
  return typeof value === 'string' && /^\d{10,}$/.test(value) ? value : null;
}

function keyIdFromCertificate(cert: forge.pki.Certificate | null, key: forge.pki.rsa.PrivateKey): string {
  const serial = cert?.serialNumber.toLowerCase().replace(/^0+/, '');
  if (serial && /^[0-9a-f]{40}$/.test(serial)) return serial;
  const der = cert
    ? forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes()
    : forge.asn1.toDer(forge.pki.publicKeyToAsn1(forge.pki.setRsaPublicKey(key.n, key.e))).getBytes();
  return createHash('sha1').update(Buffer.from(der, 'binary')).digest('hex');
}

function projectIdFromEmail(email: string): string | null {
  return /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1] ?? null;
}

function requireText(value: string, field: string, instruction: string): string {
  const trimmed = value.trim();
  if (trimmed === '') {
    throw new KeyFileError(
      'KEY_FILE_MISSING_FIELD',
      `A .p12 key does not name its service account. ${instruction}.`,
      { field, fields: [field] },
    );
  }
  return trimmed;
}
