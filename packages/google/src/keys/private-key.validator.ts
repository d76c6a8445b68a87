import { createPrivateKey } from 'node:crypto';
import { KeyFileError } from './key-file.error';

const PKCS8_HEADER = '-----BEGIN PRIVATE KEY-----';

/**
 * Returns the PEM in canonical form when it is an unencrypted PKCS#8 RSA key, the only kind Google
 * issues for service accounts and the only kind jose's importPKCS8 takes for RS256.
 */
export function normalizePkcs8RsaPem(raw: string): string {
  // Keys pasted through shells or env files often arrive with literal "\n" instead of line breaks.
  const pem = !raw.includes('\n') && raw.includes('\\n') ? raw.replaceAll('\\n', '\n') : raw;
  const trimmed = pem.trim();
  if (!trimmed.startsWith(PKCS8_HEADER)) {
    throw badKey(describeWrongPem(trimmed));
  }
  let keyType: string | undefined;
  try {
    keyType = createPrivateKey({ key: trimmed, format: 'pem' }).asymmetricKeyType;
  } catch {
    throw badKey('The "private_key" in the file is damaged: it does not decode as a PKCS#8 private key.');
  }
  if (keyType !== 'rsa') {
    throw badKey(
      `The "private_key" is a ${keyType ?? 'unknown'} key, but Google service-account keys are RSA.`,
    );
  }
  return `${trimmed}\n`;
}

function describeWrongPem(pem: string): string {
  if (pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    return 'The "private_key" is password-protected; Google\'s JSON keys never are.';
  }
  if (pem.startsWith('-----BEGIN RSA PRIVATE KEY-----')) {
    return 'The "private_key" is in PKCS#1 form, not the PKCS#8 form Google writes into key files.';
  }
  return 'The "private_key" is not a PEM private key.';
}

function badKey(reason: string): KeyFileError {
  return new KeyFileError(
    'KEY_FILE_BAD_PRIVATE_KEY',
    `${reason} The file was probably edited or damaged. Create a new JSON key in Google Cloud ` +
      '(IAM & Admin > Service Accounts > Keys > Add key > Create new key > JSON) and upload that file unchanged.',
    { field: 'private_key' },
  );
}
