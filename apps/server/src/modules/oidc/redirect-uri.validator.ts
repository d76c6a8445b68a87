import { isIP } from 'node:net';
import { parse } from 'tldts';

/**
 * Google refuses a Web client's redirect URI unless it is https and its host is a fully
 * qualified name under a public suffix (checked against the Public Suffix List); IP literals and
 * intranet names never pass. We check the same rules here so an admin learns about a bad URI
 * before registering it, not from Google's "redirect_uri_mismatch" page after.
 */

export const REDIRECT_PATH = '/oidc/signin';

/** Web Access listens here when no other port is configured. */
export const DEFAULT_WEB_ACCESS_PORT = 8462;

export type TRedirectUriProblemCode =
  | 'INVALID_URL'
  | 'NOT_HTTPS'
  | 'HAS_CREDENTIALS'
  | 'HAS_PATH'
  | 'HAS_QUERY_OR_FRAGMENT'
  | 'IP_LITERAL'
  | 'LOCALHOST'
  | 'NOT_FULLY_QUALIFIED'
  | 'NOT_PUBLIC_SUFFIX'
  | 'IS_PUBLIC_SUFFIX'
  | 'SPECIAL_USE_DOMAIN'
  | 'INVALID_HOST_NAME'
  | 'INVALID_INSTANCE_ID';

export type TRedirectUriProblem = { code: TRedirectUriProblemCode; message: string };

export type TRedirectUriInput = { publicBaseUrl: string; instanceId?: string | null };

export type TRedirectUriPolicy = {
  /**
   * Accept http://127.0.0.1, http://[::1] and http://localhost. Only the explicit
   * ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING setting turns this on: Google itself never accepts such
   * a URI for a server, but the local emulator and the test suite run on http loopback.
   */
  allowInsecureLoopback: boolean;
};

export type TRedirectUriCheck =
  | { isValid: true; redirectUri: string; problems: [] }
  | { isValid: false; redirectUri: string | null; problems: TRedirectUriProblem[] };

// Names reserved for private or documentation use (RFC 6761, RFC 8375, RFC 9476 and friends):
// some of them are on the Public Suffix List, yet no public certificate or Google client takes them.
const SPECIAL_USE_SUFFIXES = ['arpa', 'test', 'example', 'invalid', 'localhost', 'local', 'onion', 'alt'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

const INSTANCE_ID = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})$/;

function lastLabel(hostname: string): string {
  return hostname.slice(hostname.lastIndexOf('.') + 1);
}

/** Checks one host name against Google's rules; returns null when Google would accept it. */
export function checkRedirectHost(hostname: string): TRedirectUriProblem | null {
  const host = hostname.toLowerCase();
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) !== 0) {
    return {
      code: 'IP_LITERAL',
      message: `${host}: Google does not accept IP addresses in redirect URIs. Use a fully qualified host name (such as archive.example.com) that points at this server.`,
    };
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return {
      code: 'LOCALHOST',
      message: `${host}: Google accepts localhost only for development clients; users' browsers need a public name such as archive.example.com that points at this server.`,
    };
  }
  const labels = host.split('.');
  if (host.length > 253 || !labels.every((label) => HOST_LABEL.test(label))) {
    return {
      code: 'INVALID_HOST_NAME',
      message: `${host}: not a valid host name (letters, digits and hyphens only, separated by dots).`,
    };
  }
  if (labels.length < 2) {
    return {
      code: 'NOT_FULLY_QUALIFIED',
      message: `${host}: not a fully qualified name. Google needs the full name including a public top-level domain, such as ${host}.example.com.`,
    };
  }
  const suffix = lastLabel(host);
  if (SPECIAL_USE_SUFFIXES.includes(suffix)) {
    return {
      code: 'SPECIAL_USE_DOMAIN',
      message: `${host}: .${suffix} is reserved for private or special use, not a public top-level domain; Google will reject it. Use a name in a public domain, such as archive.example.com.`,
    };
  }
  const parsed = parse(host);
  if (parsed.isIcann !== true || parsed.publicSuffix === null) {
    return {
      code: 'NOT_PUBLIC_SUFFIX',
      message: `${host}: .${suffix} is not a public top-level domain; Google will reject it. Use a name in a public domain, such as archive.example.com, and point it at this server in your DNS.`,
    };
  }
  if (parsed.domain === null) {
    return {
      code: 'IS_PUBLIC_SUFFIX',
      message: `${host}: this is a public suffix itself, not a name inside one. Use a host in your own domain, such as archive.${host}.`,
    };
  }
  return null;
}

function withScheme(value: string): string {
  // Admins often paste a bare host name; https is the only scheme Google takes anyway.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
}

function checkInstanceId(instanceId: string): TRedirectUriProblem | null {
  if (INSTANCE_ID.test(instanceId)) return null;
  return {
    code: 'INVALID_INSTANCE_ID',
    message: `"${instanceId}": an instance id is 1 to 63 letters, digits, hyphens or underscores, starting with a letter or digit.`,
  };
}

/**
 * Builds the Authorized redirect URI for the given public base URL (and instance id in a
 * multi-instance deployment) and says why Google would refuse it, if it would.
 * `https://archive.example.com:8462` -> `https://archive.example.com:8462/oidc/signin`;
 * port 443 is never written; with an instance id: `https://archive.example.com/acme/oidc/signin`.
 */
export function buildRedirectUri(input: TRedirectUriInput, policy: TRedirectUriPolicy): TRedirectUriCheck {
  const problems: TRedirectUriProblem[] = [];
  const raw = input.publicBaseUrl.trim();
  let url: URL;
  try {
    url = new URL(withScheme(raw));
  } catch {
    return {
      isValid: false,
      redirectUri: null,
      problems: [
        {
          code: 'INVALID_URL',
          message: `"${raw}" is not a URL. Enter the address users type to reach this server, such as https://archive.example.com.`,
        },
      ],
    };
  }

  const instanceId = input.instanceId?.trim() ?? '';
  if (instanceId !== '') {
    const problem = checkInstanceId(instanceId);
    if (problem !== null) problems.push(problem);
  }
  if (url.username !== '' || url.password !== '') {
    problems.push({
      code: 'HAS_CREDENTIALS',
      message: 'The public URL must not contain a user name or password.',
    });
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    problems.push({
      code: 'HAS_PATH',
      message: `The public URL must be the server's address only, without a path (got "${url.pathname}"); use the instance id for a multi-instance deployment.`,
    });
  }
  if (url.search !== '' || url.hash !== '') {
    problems.push({
      code: 'HAS_QUERY_OR_FRAGMENT',
      message: 'The public URL must not contain a query (?…) or fragment (#…).',
    });
  }

  const isLoopbackAllowed = policy.allowInsecureLoopback && LOOPBACK_HOSTS.has(url.hostname);
  if (!isLoopbackAllowed) {
    if (url.protocol !== 'https:') {
      problems.push({
        code: 'NOT_HTTPS',
        message: `${url.protocol.replace(':', '')}://${url.host}: Google accepts only https redirect URIs. Serve this server over HTTPS (TLS_CERT_FILE and TLS_KEY_FILE, or a reverse proxy) and enter its https:// address.`,
      });
    }
    const hostProblem = checkRedirectHost(url.hostname);
    if (hostProblem !== null) problems.push(hostProblem);
  }

  const isInstanceIdUsable = instanceId !== '' && problems.every((p) => p.code !== 'INVALID_INSTANCE_ID');
  const redirectUri = `${url.origin}${isInstanceIdUsable ? `/${instanceId}` : ''}${REDIRECT_PATH}`;
  if (problems.length === 0) return { isValid: true, redirectUri, problems: [] };
  return { isValid: false, redirectUri: url.protocol.startsWith('http') ? redirectUri : null, problems };
}
