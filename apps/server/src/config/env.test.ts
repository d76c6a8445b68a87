import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SYNC_WORKER_HEAP_MB, parseEnv } from './env';

const CWD = '/srv/wac';
const VALID_KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    parseEnv(env, CWD);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected parseEnv to reject the environment');
}

describe('parseEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = parseEnv({}, CWD);
    expect(config).toMatchObject({
      port: 8462,
      host: '0.0.0.0',
      dataDir: path.join(CWD, 'data'),
      databaseUrl: undefined,
      adminPassword: undefined,
      secretsKey: undefined,
      secretsKeyFile: path.join(CWD, 'data', 'secrets.key'),
      tls: undefined,
      publicUrl: undefined,
      logLevel: 'info',
      googleAdminRootUrl: 'https://admin.googleapis.com',
      googleOidcIssuer: 'https://accounts.google.com',
      googleTokenUri: 'https://oauth2.googleapis.com/token',
      isHttps: false,
      usesEmbeddedPostgres: true,
      embeddedPostgresDir: path.join(CWD, 'data', 'postgres'),
    });
  });

  it('reads every variable and derives the flags', () => {
    const config = parseEnv(
      {
        PORT: '9000',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/lib/wac',
        DATABASE_URL: 'postgresql://wac:pw@db.internal:5432/wac',
        ADMIN_PASSWORD: 'correct horse battery',
        SECRETS_KEY: VALID_KEY,
        TLS_CERT_FILE: 'tls/cert.pem',
        TLS_KEY_FILE: '/etc/wac/key.pem',
        PUBLIC_URL: 'https://archive.example.com/',
        LOG_LEVEL: 'debug',
        GOOGLE_ADMIN_ROOT_URL: 'http://127.0.0.1:4010/',
        GOOGLE_OIDC_ISSUER: 'http://127.0.0.1:4010',
        GOOGLE_TOKEN_URI: 'http://127.0.0.1:4010/token',
      },
      CWD,
    );
    expect(config.port).toBe(9000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe('/var/lib/wac');
    expect(config.embeddedPostgresDir).toBe('/var/lib/wac/postgres');
    expect(config.databaseUrl).toBe('postgresql://wac:pw@db.internal:5432/wac');
    expect(config.usesEmbeddedPostgres).toBe(false);
    expect(config.adminPassword).toBe('correct horse battery');
    expect(config.secretsKey?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.tls).toEqual({ certFile: path.join(CWD, 'tls/cert.pem'), keyFile: '/etc/wac/key.pem' });
    expect(config.isHttps).toBe(true);
    expect(config.publicUrl).toBe('https://archive.example.com');
    expect(config.logLevel).toBe('debug');
    expect(config.googleAdminRootUrl).toBe('http://127.0.0.1:4010');
    expect(config.googleOidcIssuer).toBe('http://127.0.0.1:4010');
    expect(config.googleTokenUri).toBe('http://127.0.0.1:4010/token');
  });

  it('trusts forwarded addresses only from the proxies listed in TRUST_PROXY', () => {
    expect(parseEnv({}, CWD).trustedProxies).toEqual([]);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.5, 192.168.1.0/24,::1,loopback' }, CWD).trustedProxies).toEqual([
      '10.0.0.5',
      '192.168.1.0/24',
      '::1',
      'loopback',
    ]);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/1']) {
      expect(problemsOf({ TRUST_PROXY: bad })[0], bad).toMatch(/^TRUST_PROXY must be a comma-separated list/);
    }
  });

  it('marks cookies Secure behind a TLS proxy (PUBLIC_URL https) or when COOKIE_SECURE says so', () => {
    expect(parseEnv({}, CWD)).toMatchObject({ isSecureCookie: false, isServedOverHttps: false });
    expect(parseEnv({ PUBLIC_URL: 'https://archive.example.com' }, CWD)).toMatchObject({
      isHttps: false,
      isServedOverHttps: true,
      isSecureCookie: true,
    });
    expect(parseEnv({ COOKIE_SECURE: 'true' }, CWD).isSecureCookie).toBe(true);
    expect(
      parseEnv({ PUBLIC_URL: 'https://a.example.com', COOKIE_SECURE: 'false' }, CWD).isSecureCookie,
    ).toBe(false);
    expect(problemsOf({ COOKIE_SECURE: 'yes' })).toEqual(['COOKIE_SECURE must be true or false (got "yes")']);
  });

  it('takes the sync worker heap limit in megabytes, within bounds', () => {
    expect(parseEnv({}, CWD).syncWorkerMaxHeapMb).toBe(DEFAULT_SYNC_WORKER_HEAP_MB);
    expect(parseEnv({ SYNC_WORKER_MAX_HEAP_MB: '512' }, CWD).syncWorkerMaxHeapMb).toBe(512);
    expect(problemsOf({ SYNC_WORKER_MAX_HEAP_MB: '1.5g' })).toEqual([
      'SYNC_WORKER_MAX_HEAP_MB must be a whole number of megabytes (got "1.5g")',
    ]);
    expect(problemsOf({ SYNC_WORKER_MAX_HEAP_MB: '8' })).toEqual([
      'SYNC_WORKER_MAX_HEAP_MB must be at least 16 (got "8")',
    ]);
  });

  it('accepts PORT=0 to let the system pick a free port', () => {
    expect(parseEnv({ PORT: '0' }, CWD).port).toBe(0);
  });

  it('treats empty strings as unset', () => {
    const config = parseEnv({ PORT: '', DATABASE_URL: ' ', ADMIN_PASSWORD: '' }, CWD);
    expect(config.port).toBe(8462);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.adminPassword).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '1e3'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['PORT', '-1'],
    ['HOST', 'bad host!'],
    ['DATABASE_URL', 'mysql://db/wac'],
    ['DATABASE_URL', 'not a url'],
    ['ADMIN_PASSWORD', 'short'],
    ['ADMIN_PASSWORD', 'x'.repeat(257)],
    ['SECRETS_KEY', 'not-base64!'],
    ['SECRETS_KEY', Buffer.alloc(16).toString('base64')],
    ['PUBLIC_URL', 'archive.example.com'],
    ['PUBLIC_URL', 'ftp://archive.example.com'],
    ['LOG_LEVEL', 'verbose'],
    ['GOOGLE_ADMIN_ROOT_URL', 'admin.googleapis.com'],
    ['GOOGLE_OIDC_ISSUER', 'mailto:someone@example.com'],
  ])('rejects %s=%s and names the variable', (variable, value) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${variable} `));
  });

  it.each([['TLS_CERT_FILE'], ['TLS_KEY_FILE']])('rejects %s without its partner', (variable) => {
    const problems = problemsOf({ [variable]: '/etc/wac/file.pem' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(variable === 'TLS_CERT_FILE' ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE');
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual(['PORT', 'LOG_LEVEL']);
  });

  it('echoes harmless values but never secrets', () => {
    expect(problemsOf({ PORT: 'abc' })[0]).toContain('"abc"');
    expect(problemsOf({ ADMIN_PASSWORD: 'hunter2' })[0]).not.toContain('hunter2');
    expect(problemsOf({ DATABASE_URL: 'mysql://u:topsecret@db/x' })[0]).not.toContain('topsecret');
    expect(problemsOf({ SECRETS_KEY: 'c2VjcmV0' })[0]).not.toContain('c2VjcmV0');
  });

  it('formats a readable message listing the problems', () => {
    const error = (() => {
      try {
        parseEnv({ PORT: 'abc' }, CWD);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- PORT /);
  });
});
