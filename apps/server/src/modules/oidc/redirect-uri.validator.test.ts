import { describe, expect, it } from 'vitest';
import { buildRedirectUri, checkRedirectHost, type TRedirectUriProblemCode } from './redirect-uri.validator';

const STRICT = { allowInsecureLoopback: false };
const LOCAL_TESTING = { allowInsecureLoopback: true };

describe('checkRedirectHost', () => {
  it.each([
    ['archive.example.com'],
    ['example.com'],
    ['mail.archive.example.co.uk'],
    ['archive.example.de'],
    ['xn--bcher-kva.ch'],
    ['ARCHIVE.Example.COM'],
  ])('accepts %s', (host) => {
    expect(checkRedirectHost(host)).toBeNull();
  });

  it.each<[string, TRedirectUriProblemCode, string]>([
    ['archive.local', 'SPECIAL_USE_DOMAIN', 'archive.local: .local is reserved'],
    ['archive.corp', 'NOT_PUBLIC_SUFFIX', 'archive.corp: .corp is not a public top-level domain'],
    ['archive.lan', 'NOT_PUBLIC_SUFFIX', 'archive.lan: .lan is not a public top-level domain'],
    ['archive.internal', 'NOT_PUBLIC_SUFFIX', 'archive.internal: .internal is not a public top-level domain'],
    ['archive.home.arpa', 'SPECIAL_USE_DOMAIN', '.arpa is reserved'],
    ['archive.test', 'SPECIAL_USE_DOMAIN', '.test is reserved'],
    ['archive', 'NOT_FULLY_QUALIFIED', 'archive: not a fully qualified name'],
    ['localhost', 'LOCALHOST', 'localhost: Google accepts localhost only for development'],
    ['app.localhost', 'LOCALHOST', 'app.localhost'],
    ['10.0.0.5', 'IP_LITERAL', '10.0.0.5: Google does not accept IP addresses'],
    ['192.168.1.20', 'IP_LITERAL', 'IP addresses'],
    ['[::1]', 'IP_LITERAL', 'IP addresses'],
    ['[2001:db8::7]', 'IP_LITERAL', 'IP addresses'],
    ['co.uk', 'IS_PUBLIC_SUFFIX', 'co.uk: this is a public suffix itself'],
    ['a_b.example.com', 'INVALID_HOST_NAME', 'not a valid host name'],
    ['-archive.example.com', 'INVALID_HOST_NAME', 'not a valid host name'],
    ['archive.example.com.', 'INVALID_HOST_NAME', 'not a valid host name'],
  ])('refuses %s (%s)', (host, code, reason) => {
    const problem = checkRedirectHost(host);
    expect(problem?.code).toBe(code);
    expect(problem?.message).toContain(reason);
  });

  it('says Google will reject a private top-level domain, as the admin would read it', () => {
    expect(checkRedirectHost('archive.corp')?.message).toBe(
      'archive.corp: .corp is not a public top-level domain; Google will reject it. Use a name in a public domain, such as archive.example.com, and point it at this server in your DNS.',
    );
  });
});

describe('buildRedirectUri', () => {
  it.each([
    ['https://archive.example.com', null, 'https://archive.example.com/oidc/signin'],
    ['https://archive.example.com/', null, 'https://archive.example.com/oidc/signin'],
    ['https://archive.example.com:443', null, 'https://archive.example.com/oidc/signin'],
    ['https://archive.example.com:8462', null, 'https://archive.example.com:8462/oidc/signin'],
    ['archive.example.com:8462', null, 'https://archive.example.com:8462/oidc/signin'],
    ['  https://Archive.Example.com  ', '', 'https://archive.example.com/oidc/signin'],
    ['https://archive.example.com', 'acme', 'https://archive.example.com/acme/oidc/signin'],
    ['https://archive.example.com', ' Tenant_02 ', 'https://archive.example.com/Tenant_02/oidc/signin'],
    ['https://archive.example.com:8443', 'acme-1', 'https://archive.example.com:8443/acme-1/oidc/signin'],
  ])('%s with instance id %s -> %s', (publicBaseUrl, instanceId, expected) => {
    expect(buildRedirectUri({ publicBaseUrl, instanceId }, STRICT)).toEqual({
      isValid: true,
      redirectUri: expected,
      problems: [],
    });
  });

  it.each<[string, string | null, TRedirectUriProblemCode[]]>([
    ['http://archive.example.com', null, ['NOT_HTTPS']],
    ['http://archive.local:8462', null, ['NOT_HTTPS', 'SPECIAL_USE_DOMAIN']],
    ['https://archive.local', null, ['SPECIAL_USE_DOMAIN']],
    ['https://archive.corp', null, ['NOT_PUBLIC_SUFFIX']],
    ['https://localhost:8462', null, ['LOCALHOST']],
    ['https://10.0.0.5:8462', null, ['IP_LITERAL']],
    ['https://archive', null, ['NOT_FULLY_QUALIFIED']],
    ['https://archive.example.com/archive', null, ['HAS_PATH']],
    ['https://archive.example.com/?x=1', null, ['HAS_QUERY_OR_FRAGMENT']],
    ['https://admin:secret@archive.example.com', null, ['HAS_CREDENTIALS']],
    ['https://archive.example.com', 'two/parts', ['INVALID_INSTANCE_ID']],
    ['https://archive.example.com', '../up', ['INVALID_INSTANCE_ID']],
    ['ftp://archive.example.com', null, ['NOT_HTTPS']],
  ])('refuses %s (instance id %s) with %j', (publicBaseUrl, instanceId, codes) => {
    const result = buildRedirectUri({ publicBaseUrl, instanceId }, STRICT);
    expect(result.isValid).toBe(false);
    expect(result.problems.map((problem) => problem.code)).toEqual(codes);
  });

  it('still shows the URI it would register, so the admin sees what is wrong with it', () => {
    const result = buildRedirectUri({ publicBaseUrl: 'https://archive.local:8462' }, STRICT);
    expect(result.redirectUri).toBe('https://archive.local:8462/oidc/signin');
    expect(result.problems[0]?.message).toMatch(
      /^archive\.local: \.local is reserved .* Google will reject it/,
    );
  });

  it('leaves a bad instance id out of the URI instead of building a path from it', () => {
    const result = buildRedirectUri(
      { publicBaseUrl: 'https://archive.example.com', instanceId: '../up' },
      STRICT,
    );
    expect(result.redirectUri).toBe('https://archive.example.com/oidc/signin');
  });

  it('answers text that is not a URL with a reason, not an exception', () => {
    const result = buildRedirectUri({ publicBaseUrl: 'https://exa mple.com' }, STRICT);
    expect(result).toMatchObject({ isValid: false, redirectUri: null });
    expect(result.problems[0]?.code).toBe('INVALID_URL');
  });

  describe('with ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING', () => {
    it.each([
      ['http://127.0.0.1:40123', 'http://127.0.0.1:40123/oidc/signin'],
      ['http://[::1]:40123', 'http://[::1]:40123/oidc/signin'],
      ['http://localhost:8462', 'http://localhost:8462/oidc/signin'],
    ])('accepts the loopback address %s', (publicBaseUrl, expected) => {
      expect(buildRedirectUri({ publicBaseUrl }, LOCAL_TESTING)).toMatchObject({
        isValid: true,
        redirectUri: expected,
      });
    });

    it.each([
      ['http://10.0.0.5:8462', 'NOT_HTTPS'],
      ['http://archive.example.com', 'NOT_HTTPS'],
      ['https://archive.local', 'SPECIAL_USE_DOMAIN'],
    ])('still refuses %s, which is not loopback', (publicBaseUrl, code) => {
      const result = buildRedirectUri({ publicBaseUrl }, LOCAL_TESTING);
      expect(result.isValid).toBe(false);
      expect(result.problems[0]?.code).toBe(code);
    });

    it('is off by default: the same loopback URL fails under the production policy', () => {
      const result = buildRedirectUri({ publicBaseUrl: 'http://127.0.0.1:40123' }, STRICT);
      expect(result.problems.map((problem) => problem.code)).toEqual(['NOT_HTTPS', 'IP_LITERAL']);
    });
  });
});
