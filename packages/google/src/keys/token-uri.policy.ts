import { KeyFileError } from './key-file.error';

// Where Google's own key files point: the current endpoint and the one older keys still name.
const GOOGLE_TOKEN_HOSTS = new Set(['oauth2.googleapis.com', 'accounts.google.com']);

function isGoogleTokenEndpoint(url: URL): boolean {
  return (
    url.protocol === 'https:' &&
    GOOGLE_TOKEN_HOSTS.has(url.hostname) &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * The server posts an assertion signed with the uploaded private key to the key's `token_uri`;
 * whoever receives it can trade it for tokens acting as any user of the domain. So an uploaded key
 * may name only Google's https token endpoint, or one the operator configured on purpose (the
 * server's GOOGLE_TOKEN_URI: a private gateway, or the local emulator in tests and the demo).
 */
export function assertTrustedTokenUri(tokenUri: string, configuredTokenUris: readonly string[] = []): void {
  let url: URL | null;
  try {
    url = new URL(tokenUri);
  } catch {
    url = null;
  }
  if (url !== null && isGoogleTokenEndpoint(url)) return;
  if (configuredTokenUris.some((configured) => configured === tokenUri)) return;
  throw new KeyFileError(
    'KEY_FILE_INVALID_FIELD',
    `The key file's "token_uri" (${tokenUri}) is not Google's token endpoint, and this server would send ` +
      'a sign-in assertion signed with the key there. Google writes https://oauth2.googleapis.com/token; ' +
      'upload the key file exactly as Google Cloud downloaded it.',
    { field: 'token_uri' },
  );
}
