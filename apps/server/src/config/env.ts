import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// These values must never be echoed back in an error message: they are credentials.
const SECRET_VARIABLES = new Set([
  'ADMIN_PASSWORD',
  'SECRETS_KEY',
  'DATABASE_URL',
  'S3_SECRET_ACCESS_KEY',
  'METRICS_TOKEN',
]);

// An exported-but-empty variable (`FOO=`) is how shells and compose files say "unset".
const optionalText = () =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const httpUrl = (label: string) =>
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { message: `must be an http(s) URL (${label})` },
  );

/**
 * The sync worker's old-generation limit. A 100,000-user sync peaks at about 80 MB live there
 * (code included; see bench/sync.bench.ts), so this leaves the collector room without letting
 * garbage pile up: V8 grows a heap towards its limit before it collects in earnest.
 */
export const DEFAULT_SYNC_WORKER_HEAP_MB = 128;
const MIN_SYNC_WORKER_HEAP_MB = 16;
const MAX_SYNC_WORKER_HEAP_MB = 65_536;

export const DEFAULT_OIDC_SIGNIN_RATE_LIMIT = 120;

const optionalBoolean = () =>
  optionalText().pipe(
    z
      .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
      .transform((value) => value === 'true' || value === '1')
      .optional(),
  );

// proxy-addr's names for whole ranges, as Fastify's trustProxy understands them.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A whole number within bounds, with a default; `what` describes it for the error message. */
const boundedWholeNumber = (what: string, min: number, max: number, fallback: number) =>
  optionalText().pipe(
    z
      .string()
      .regex(/^\d+$/, `must be ${what}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .default(fallback),
  );

// Gmail allows 15 simultaneous IMAP connections per account; staying at 10 or fewer leaves room for
// the user's own mail clients, which would otherwise be refused while an archive run holds them.
export const MAX_ARCHIVE_CONNECTIONS_PER_ACCOUNT = 10;
// Gmail stops IMAP downloads at about 2,500 MB per account and rolling day; 2,000 leaves the user room.
export const DEFAULT_ARCHIVE_DAILY_BUDGET_MB = 2000;

const optionalHttpUrl = (label: string) => optionalText().pipe(httpUrl(label).optional());

export const ZEnv = z
  .object({
    PORT: optionalText().pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number between 0 and 65535 (0 picks a free port)')
        .transform(Number)
        .pipe(z.number().int().max(65535, 'must be between 0 and 65535 (0 picks a free port)'))
        .default(8462),
    ),
    HOST: optionalText().pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9.:[\]%-]+$/, 'must be a host name or IP address')
        .default('0.0.0.0'),
    ),
    DATA_DIR: optionalText().pipe(z.string().default('./data')),
    DATABASE_URL: optionalText().pipe(
      z
        .string()
        .refine(
          (value) => {
            try {
              const url = new URL(value);
              return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
            } catch {
              return false;
            }
          },
          { message: 'must be a postgres:// or postgresql:// URL with a host' },
        )
        .optional(),
    ),
    ADMIN_PASSWORD: optionalText().pipe(
      z
        .string()
        .min(8, 'must be at least 8 characters long')
        .max(256, 'must be at most 256 characters')
        .optional(),
    ),
    SECRETS_KEY: optionalText().pipe(
      z
        .string()
        .refine(
          (value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32,
          {
            message: 'must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)',
          },
        )
        .transform((value) => Buffer.from(value, 'base64'))
        .optional(),
    ),
    TLS_CERT_FILE: optionalText(),
    TLS_KEY_FILE: optionalText(),
    PUBLIC_URL: optionalHttpUrl('e.g. https://archive.example.com'),
    LOG_LEVEL: optionalText().pipe(
      z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ),
    GOOGLE_ADMIN_ROOT_URL: optionalHttpUrl('the Admin SDK origin').pipe(
      z.string().default('https://admin.googleapis.com'),
    ),
    GOOGLE_OIDC_ISSUER: optionalHttpUrl('the OpenID Connect issuer').pipe(
      z.string().default('https://accounts.google.com'),
    ),
    // Only .p12 keys use it: a JSON key names its own token_uri.
    GOOGLE_TOKEN_URI: optionalHttpUrl('the OAuth token endpoint').pipe(
      z.string().default('https://oauth2.googleapis.com/token'),
    ),
    // Google takes only https redirect URIs on public names, and openid-client only https issuers;
    // the local emulator and the test suites run on http://127.0.0.1. This explicit switch (never a
    // test-mode check) lets loopback http through for both. Leave it unset in production.
    // A sync runs in a worker thread with its own heap limit, so a directory too large for it fails
    // that run (with this variable named in the message) instead of taking the API process down.
    SYNC_WORKER_MAX_HEAP_MB: optionalText().pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number of megabytes')
        .transform(Number)
        .pipe(
          z
            .number()
            .int()
            .min(MIN_SYNC_WORKER_HEAP_MB, `must be at least ${MIN_SYNC_WORKER_HEAP_MB}`)
            .max(MAX_SYNC_WORKER_HEAP_MB, `must be at most ${MAX_SYNC_WORKER_HEAP_MB}`),
        )
        .default(DEFAULT_SYNC_WORKER_HEAP_MB),
    ),
    // GET /oidc/signin needs no sign-in and writes a row per start; a whole office behind one NAT
    // address signing in at 9:00 must still fit.
    OIDC_SIGNIN_RATE_LIMIT: optionalText().pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number of requests per minute')
        .transform(Number)
        .pipe(z.number().int().min(1, 'must be at least 1'))
        .default(DEFAULT_OIDC_SIGNIN_RATE_LIMIT),
    ),
    // Unset: Secure whenever the browser reaches the server over https (TLS here or PUBLIC_URL https).
    COOKIE_SECURE: optionalBoolean(),
    // request.ip keys the sign-in throttle and the audit log, so X-Forwarded-For is believed only
    // when the connection comes from one of these proxies; anyone else could pick any address.
    TRUST_PROXY: optionalText().pipe(
      z
        .string()
        .transform((value) =>
          value
            .split(',')
            .map((entry) => entry.trim())
            .filter((entry) => entry !== ''),
        )
        .refine((entries) => entries.every(isProxyAddress), {
          message:
            'must be a comma-separated list of proxy IP addresses or CIDR ranges (e.g. 10.0.0.5,192.168.1.0/24), or loopback',
        })
        .optional(),
    ),
    // Mail archiving reads every mailbox over IMAP with a delegated XOAUTH2 token; tests and private
    // endpoints point these at another server.
    IMAP_HOST: optionalText().pipe(z.string().default('imap.gmail.com')),
    IMAP_PORT: boundedWholeNumber('a port number', 1, 65_535, 993),
    IMAP_TLS: optionalText().pipe(
      z
        .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
        .default('true')
        .transform((value) => value === 'true' || value === '1'),
    ),
    // Mailboxes archived at once across every instance; each holds IMAP connections and memory.
    ARCHIVE_MAX_MAILBOXES: boundedWholeNumber('a whole number of mailboxes', 1, 64, 4),
    ARCHIVE_CONNECTIONS_PER_ACCOUNT: boundedWholeNumber(
      'a whole number of connections',
      1,
      MAX_ARCHIVE_CONNECTIONS_PER_ACCOUNT,
      1,
    ),
    // How often a running mailbox proves its instance alive; six missed and another instance takes it over.
    ARCHIVE_HEARTBEAT_SECONDS: boundedWholeNumber('a whole number of seconds', 2, 300, 20),
    ARCHIVE_DAILY_BUDGET_MB: boundedWholeNumber(
      'a whole number of megabytes',
      1,
      2500,
      DEFAULT_ARCHIVE_DAILY_BUDGET_MB,
    ),
    // Where archive blobs live: files under DATA_DIR/archive, or any S3-compatible bucket, which
    // every instance of a scaled-out deployment shares.
    ARCHIVE_STORE: optionalText().pipe(z.enum(['fs', 's3'], { message: 'must be fs or s3' }).default('fs')),
    S3_ENDPOINT: optionalHttpUrl('the S3-compatible endpoint; unset for the provider default'),
    S3_BUCKET: optionalText().pipe(
      z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
          'must be a bucket name (3-63 lowercase letters, digits, dots, hyphens)',
        )
        .optional(),
    ),
    S3_PREFIX: optionalText().pipe(z.string().max(512, 'must be at most 512 characters').default('archive/')),
    S3_REGION: optionalText().pipe(z.string().default('us-east-1')),
    S3_ACCESS_KEY_ID: optionalText(),
    S3_SECRET_ACCESS_KEY: optionalText(),
    S3_FORCE_PATH_STYLE: optionalBoolean(),
    // Encryption at rest by the bucket as well; blobs are always sealed with the archive's own key.
    S3_SSE: optionalText().pipe(
      z.enum(['AES256', 'aws:kms'], { message: 'must be AES256 or aws:kms' }).optional(),
    ),
    S3_SSE_KMS_KEY_ID: optionalText(),
    // Sending as users of the domain: Gmail's SMTP with a delegated XOAUTH2 token. 465 is implicit
    // TLS, 587 STARTTLS; `none` only for a local test server.
    SMTP_HOST: optionalText().pipe(z.string().default('smtp.gmail.com')),
    SMTP_PORT: boundedWholeNumber('a port number', 1, 65_535, 465),
    SMTP_SECURITY: optionalText().pipe(
      z.enum(['tls', 'starttls', 'none'], { message: 'must be tls, starttls or none' }).default('tls'),
    ),
    // Gmail's Workspace limits per user over a rolling 24 hours; a request past them is refused at once.
    SEND_MAX_MESSAGES_PER_DAY: boundedWholeNumber('a whole number of messages', 1, 1_000_000, 2000),
    SEND_MAX_RECIPIENTS_PER_DAY: boundedWholeNumber('a whole number of recipients', 1, 10_000_000, 10_000),
    SEND_MAX_RECIPIENTS_PER_MESSAGE: boundedWholeNumber('a whole number of recipients', 1, 10_000, 100),
    // Messages handed to the SMTP server at once by each instance (one connection each).
    SEND_CONCURRENCY: boundedWholeNumber('a whole number of connections', 1, 256, 8),
    // Bearer token of GET /metrics; unset, /metrics answers 404. Long enough that guessing it is hopeless.
    METRICS_TOKEN: optionalText().pipe(z.string().min(16, 'must be at least 16 characters long').optional()),
    ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: optionalText().pipe(
      z
        .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
        .default('false')
        .transform((value) => value === 'true' || value === '1'),
    ),
  })
  .superRefine((env, ctx) => {
    if ((env.TLS_CERT_FILE === undefined) !== (env.TLS_KEY_FILE === undefined)) {
      const missing = env.TLS_CERT_FILE === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'TLS_CERT_FILE and TLS_KEY_FILE must be set together (both for HTTPS, neither for HTTP)',
      });
    }
    if (env.ARCHIVE_STORE === 's3' && env.S3_BUCKET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'must be set when ARCHIVE_STORE is s3' });
    }
    if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
      const [missing, other] =
        env.S3_ACCESS_KEY_ID === undefined
          ? ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']
          : ['S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID'];
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `must be set together with ${other} (or neither, for the S3 SDK's own credential chain)`,
      });
    }
  });

export type TEnv = z.output<typeof ZEnv>;

/** Where archive blobs are kept (ARCHIVE_STORE and the S3_* variables). */
export type TArchiveStoreConfig =
  | { kind: 'fs'; root: string }
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      connection: {
        endpoint: string | undefined;
        region: string;
        credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
        forcePathStyle: boolean;
      };
      serverSideEncryption: { algorithm: 'AES256' } | { algorithm: 'aws:kms'; kmsKeyId?: string } | undefined;
    };

export type TConfig = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  secretsKey: Buffer | undefined;
  secretsKeyFile: string;
  tls: { certFile: string; keyFile: string } | undefined;
  publicUrl: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  googleAdminRootUrl: string;
  googleOidcIssuer: string;
  googleTokenUri: string;
  allowInsecureOidcForLocalTesting: boolean;
  syncWorkerMaxHeapMb: number;
  archiving: {
    imap: { host: string; port: number; secure: boolean };
    maxMailboxes: number;
    connectionsPerAccount: number;
    dailyBudgetBytes: number;
    heartbeatSeconds: number;
  };
  archiveStore: TArchiveStoreConfig;
  sending: {
    smtp: { host: string; port: number; security: 'tls' | 'starttls' | 'none' };
    limits: { messagesPerDay: number; recipientsPerDay: number; recipientsPerMessage: number };
    concurrency: number;
  };
  /** Node itself serves TLS. */
  isHttps: boolean;
  /** Browsers reach the server over https: TLS here, or PUBLIC_URL is https (TLS at a proxy). */
  isServedOverHttps: boolean;
  /** Cookies carry the Secure attribute (COOKIE_SECURE, else isServedOverHttps). */
  isSecureCookie: boolean;
  /** GET /oidc/signin requests per minute and client address. */
  oidcSignInRateLimit: number;
  /** Bearer token for GET /metrics; undefined: metrics are not served. */
  metricsToken: string | undefined;
  /** Proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[];
  usesEmbeddedPostgres: boolean;
  embeddedPostgresDir: string;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

function describeIssue(
  issue: z.core.$ZodIssue,
  source: Readonly<Record<string, string | undefined>>,
): string {
  const variable = String(issue.path[0] ?? 'environment');
  const raw = source[variable];
  const shown = raw === undefined || SECRET_VARIABLES.has(variable) ? '' : ` (got "${raw}")`;
  return `${variable} ${issue.message}${shown}`;
}

/** Pure: turns an environment map into the typed config, or throws ConfigError naming each bad variable. */
export function parseEnv(
  source: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): TConfig {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, source)));
  }
  const env = result.data;
  const dataDir = path.resolve(cwd, env.DATA_DIR);
  const tls =
    env.TLS_CERT_FILE !== undefined && env.TLS_KEY_FILE !== undefined
      ? { certFile: path.resolve(cwd, env.TLS_CERT_FILE), keyFile: path.resolve(cwd, env.TLS_KEY_FILE) }
      : undefined;
  const isServedOverHttps = tls !== undefined || env.PUBLIC_URL?.startsWith('https:') === true;
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    adminPassword: env.ADMIN_PASSWORD,
    secretsKey: env.SECRETS_KEY,
    secretsKeyFile: path.join(dataDir, 'secrets.key'),
    tls,
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL,
    googleAdminRootUrl: env.GOOGLE_ADMIN_ROOT_URL.replace(/\/+$/, ''),
    googleOidcIssuer: env.GOOGLE_OIDC_ISSUER.replace(/\/+$/, ''),
    googleTokenUri: env.GOOGLE_TOKEN_URI,
    allowInsecureOidcForLocalTesting: env.ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING,
    syncWorkerMaxHeapMb: env.SYNC_WORKER_MAX_HEAP_MB,
    archiving: {
      imap: { host: env.IMAP_HOST, port: env.IMAP_PORT, secure: env.IMAP_TLS },
      maxMailboxes: env.ARCHIVE_MAX_MAILBOXES,
      connectionsPerAccount: env.ARCHIVE_CONNECTIONS_PER_ACCOUNT,
      dailyBudgetBytes: env.ARCHIVE_DAILY_BUDGET_MB * 1024 * 1024,
      heartbeatSeconds: env.ARCHIVE_HEARTBEAT_SECONDS,
    },
    archiveStore: archiveStoreConfig(env, dataDir),
    sending: {
      smtp: { host: env.SMTP_HOST, port: env.SMTP_PORT, security: env.SMTP_SECURITY },
      limits: {
        messagesPerDay: env.SEND_MAX_MESSAGES_PER_DAY,
        recipientsPerDay: env.SEND_MAX_RECIPIENTS_PER_DAY,
        recipientsPerMessage: env.SEND_MAX_RECIPIENTS_PER_MESSAGE,
      },
      concurrency: env.SEND_CONCURRENCY,
    },
    isHttps: tls !== undefined,
    isServedOverHttps,
    isSecureCookie: env.COOKIE_SECURE ?? isServedOverHttps,
    trustedProxies: env.TRUST_PROXY ?? [],
    metricsToken: env.METRICS_TOKEN,
    oidcSignInRateLimit: env.OIDC_SIGNIN_RATE_LIMIT,
    usesEmbeddedPostgres: env.DATABASE_URL === undefined,
    embeddedPostgresDir: path.join(dataDir, 'postgres'),
  };
}

function archiveStoreConfig(env: TEnv, dataDir: string): TArchiveStoreConfig {
  if (env.ARCHIVE_STORE === 'fs' || env.S3_BUCKET === undefined) {
    return { kind: 'fs', root: path.join(dataDir, 'archive') };
  }
  return {
    kind: 's3',
    bucket: env.S3_BUCKET,
    prefix: env.S3_PREFIX,
    connection: {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      credentials:
        env.S3_ACCESS_KEY_ID !== undefined && env.S3_SECRET_ACCESS_KEY !== undefined
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
      // Self-hosted servers usually have no wildcard DNS for bucket host names; AWS itself prefers virtual hosts.
      forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
    },
    serverSideEncryption:
      env.S3_SSE === 'aws:kms'
        ? { algorithm: 'aws:kms', kmsKeyId: env.S3_SSE_KMS_KEY_ID }
        : env.S3_SSE === 'AES256'
          ? { algorithm: 'AES256' }
          : undefined,
  };
}

/** The one place in the server that reads process.env. */
export function loadConfig(): TConfig {
  return parseEnv(process.env);
}
