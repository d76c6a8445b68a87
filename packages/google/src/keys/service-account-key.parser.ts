import { isTruncatedJson } from './json-truncation';
import { KeyFileError } from './key-file.error';
import { toKeyFileBytes } from './key-file-input';
import { normalizePkcs8RsaPem } from './private-key.validator';
import type { TServiceAccountKey } from './service-account-key.types';

const CREATE_KEY_STEPS =
  'In Google Cloud open IAM & Admin > Service Accounts, pick the service account, then Keys > Add key > ' +
  'Create new key > JSON, and upload the file that downloads.';

// Checked in this order so the message names the field an admin can recognise first.
const REQUIRED_FIELDS = ['client_email', 'client_id', 'private_key_id', 'private_key', 'token_uri'] as const;

const OTHER_CREDENTIAL_TYPES: Record<string, string> = {
  authorized_user:
    'a personal user credential (what "gcloud auth application-default login" writes), not a service-account key',
  external_account: 'a workload identity federation configuration; it holds no private key',
  external_account_authorized_user:
    'a workforce identity federation user credential, not a service-account key',
  impersonated_service_account:
    'an impersonation configuration that borrows another credential; it holds no private key',
  gdch_service_account:
    'a Google Distributed Cloud Hosted credential, not a Google Workspace service-account key',
};

export type TParseServiceAccountKeyOptions = { maxBytes?: number };

export function parseServiceAccountKey(
  input: Uint8Array | string,
  opts: TParseServiceAccountKeyOptions = {},
): TServiceAccountKey {
  const bytes = toKeyFileBytes(input, opts.maxBytes);
  const json = parseJsonObject(decodeText(bytes), bytes);
  rejectNonServiceAccount(json);
  const fields = readRequiredFields(json);
  return {
    type: 'service_account',
    format: 'json',
    projectId: optionalString(json.project_id),
    privateKeyId: fields.private_key_id,
    privateKeyPem: normalizePkcs8RsaPem(fields.private_key),
    clientEmail: checkClientEmail(fields.client_email),
    clientId: fields.client_id,
    tokenUri: checkTokenUri(fields.token_uri),
    universeDomain: optionalString(json.universe_domain),
  };
}

function decodeText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function parseJsonObject(text: string, bytes: Uint8Array): Record<string, unknown> {
  if (text.trim() === '') {
    throw new KeyFileError('KEY_FILE_NOT_JSON', `The file is empty. ${CREATE_KEY_STEPS}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (isTruncatedJson(text)) {
      throw new KeyFileError(
        'KEY_FILE_TRUNCATED',
        'The file ends in the middle of the key: the download or copy was cut short. ' +
          'Download it again from Google Cloud, or create a new JSON key if the original is gone.',
      );
    }
    throw new KeyFileError('KEY_FILE_NOT_JSON', `${describeNonJson(text, bytes)} ${CREATE_KEY_STEPS}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KeyFileError(
      'KEY_FILE_WRONG_TYPE',
      `The file is JSON, but not a Google credential file. ${CREATE_KEY_STEPS}`,
    );
  }
  return parsed as Record<string, unknown>;
}

function describeNonJson(text: string, bytes: Uint8Array): string {
  // DER-encoded PKCS#12 starts with an ASN.1 SEQUENCE tag and a long-form length.
  if (bytes[0] === 0x30 && (bytes[1] ?? 0) >= 0x80) {
    return 'This looks like a legacy .p12 key, not a JSON key. Upload it as a P12 key together with the service account email, or use a JSON key instead.';
  }
  if (text.trimStart().startsWith('-----BEGIN')) {
    return 'This is a bare PEM key or certificate; the service-account JSON key file is needed instead.';
  }
  return 'The file is not JSON, so it is not a Google service-account key.';
}

function rejectNonServiceAccount(json: Record<string, unknown>): void {
  if (isObject(json.web) || isObject(json.installed)) {
    const kind = isObject(json.web) ? 'web application' : 'desktop/installed application';
    throw new KeyFileError(
      'KEY_FILE_IS_OAUTH_CLIENT',
      `This is an OAuth client ID file (${kind}), which lets people sign in to an app; it cannot act for ` +
        `users of your domain. Create a service-account key instead: ${CREATE_KEY_STEPS}`,
      { type: isObject(json.web) ? 'web' : 'installed' },
    );
  }
  const type = json.type;
  if (type === 'service_account') return;
  if (typeof type !== 'string' || type === '') {
    throw new KeyFileError(
      'KEY_FILE_WRONG_TYPE',
      `The file is JSON but has no "type", so it is not a Google credential file. ${CREATE_KEY_STEPS}`,
    );
  }
  const known = OTHER_CREDENTIAL_TYPES[type];
  // Say what the file is and what was expected: an admin who picked the wrong file from a folder
  // (a package.json has "type": "module") must see at once that it is not a key at all.
  const what = known === undefined ? '' : ` It is ${known}.`;
  throw new KeyFileError(
    'KEY_FILE_WRONG_TYPE',
    `This file is not a Google service-account key: its "type" is "${type.slice(0, 60)}", expected ` +
      `"service_account".${what} ${CREATE_KEY_STEPS}`,
    { type },
  );
}

function readRequiredFields(json: Record<string, unknown>): Record<(typeof REQUIRED_FIELDS)[number], string> {
  const missing = REQUIRED_FIELDS.filter((field) => optionalString(json[field]) === null);
  const [first] = missing;
  if (first !== undefined) {
    const names = missing.map((field) => `"${field}"`).join(', ');
    throw new KeyFileError(
      'KEY_FILE_MISSING_FIELD',
      `The key file has no ${names}. Google always writes ${missing.length > 1 ? 'these fields' : 'this field'}, ` +
        `so the file was edited or is incomplete. ${CREATE_KEY_STEPS}`,
      { field: first, fields: missing },
    );
  }
  return Object.fromEntries(REQUIRED_FIELDS.map((field) => [field, String(json[field]).trim()])) as Record<
    (typeof REQUIRED_FIELDS)[number],
    string
  >;
}

function checkClientEmail(email: string): string {
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw new KeyFileError(
      'KEY_FILE_INVALID_FIELD',
      `The key file's "client_email" (${email}) is not an email address. ${CREATE_KEY_STEPS}`,
      { field: 'client_email' },
    );
  }
  return email;
}

function checkTokenUri(tokenUri: string): string {
  let url: URL | null = null;
  try {
    url = new URL(tokenUri);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new KeyFileError(
      'KEY_FILE_INVALID_FIELD',
      `The key file's "token_uri" is not a web address. Google writes https://oauth2.googleapis.com/token there. ${CREATE_KEY_STEPS}`,
      { field: 'token_uri' },
    );
  }
  return tokenUri;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
