// `pnpm demo`: the product plus a local stand-in for Google with a sample domain and a ready key,
// so a newcomer can upload the key and pass Check setup within a minute. Nothing reaches Google.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONNECTOR_SCOPES, startEmulator } from '@wac/google-workspace-emulator';
import {
  createServerLogger,
  parseEnv,
  releaseServerResources,
  startServer,
  type TServerResources,
} from '@wac/server';

const USAGE = 'Usage: pnpm demo [--port 8462] [--emulator-port 8463]';
const DEMO_DIR = path.resolve('data', 'demo');
const ADMIN_PASSWORD = 'demo-password';
// The sample domain's super admin (packages/google-workspace-emulator/src/fixtures/sample-domain.json).
const SAMPLE_ADMIN_USER = 'admin@example.com';
// An OAuth client registered with the stand-in, for "Sign in with Google" as a sample user.
const OIDC_CLIENT_ID = 'demo-client.apps.googleusercontent.com';
const OIDC_CLIENT_SECRET = 'demo-client-secret';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8462' },
      'emulator-port': { type: 'string', default: '8463' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }

  // The emulator forgets its keys when it stops, so a database holding last run's key would fail
  // Check setup: every demo starts from a clean slate.
  await rm(DEMO_DIR, { recursive: true, force: true });
  await mkdir(DEMO_DIR, { recursive: true, mode: 0o711 });
  // As root, the embedded Postgres runs as `postgres`, which must be able to pass through ./data.
  if (process.getuid?.() === 0) {
    const parent = path.dirname(DEMO_DIR);
    await chmod(parent, ((await stat(parent)).mode & 0o777) | 0o011);
  }

  // Its Gmail IMAP endpoint on a free port: Check setup logs in to it, and archiving reads from it.
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: toPort(values['emulator-port']),
    imap: { host: '127.0.0.1', port: 0, tls: false },
  });
  const imap = emulator.imap;
  if (!imap) throw new Error('the Google stand-in started without its IMAP endpoint');
  const key = emulator.createServiceAccountKey({ delegatedScopes: [...CONNECTOR_SCOPES] });
  const publicUrl = `http://127.0.0.1:${toPort(values.port)}`;
  emulator.registerOidcClient({
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUris: [`${publicUrl}/oidc/signin`],
  });
  const keyFile = path.join(DEMO_DIR, 'service-account-key.json');
  await writeFile(keyFile, key.json, { mode: 0o600 });
  await chmod(keyFile, 0o600);

  const config = parseEnv({
    HOST: '127.0.0.1',
    PORT: String(toPort(values.port)),
    DATA_DIR: DEMO_DIR,
    ADMIN_PASSWORD,
    // The data is thrown away on the next start anyway, so no master key file is worth keeping.
    SECRETS_KEY: randomBytes(32).toString('base64'),
    // The banner below says what matters; info logs would scroll it away.
    LOG_LEVEL: 'warn',
    GOOGLE_ADMIN_ROOT_URL: emulator.url,
    GOOGLE_OIDC_ISSUER: emulator.issuer,
    GOOGLE_TOKEN_URI: emulator.tokenUri,
    IMAP_HOST: imap.host,
    IMAP_PORT: String(imap.port),
    IMAP_TLS: 'false',
    PUBLIC_URL: publicUrl,
    // The stand-in issuer speaks plain http on loopback; Google itself would be refused over http.
    ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: 'true',
  });
  const log = createServerLogger(config);
  const resources: TServerResources = {};

  let isStopping = false;
  const stop = async (exitCode: number) => {
    if (isStopping) process.exit(1);
    isStopping = true;
    await releaseServerResources(resources, log);
    await emulator.close();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  let address: string;
  try {
    ({ address } = await startServer(config, { log, resources }));
  } catch (error) {
    process.stderr.write(`\nThe demo could not start: ${(error as Error).message}\n\n`);
    await stop(1);
    return;
  }

  const lines = [
    'Workspace Archive Connector demo is running.',
    '',
    `  Console:           ${address}/`,
    `  Sign in as:        admin / ${ADMIN_PASSWORD}`,
    `  Key file:          ${keyFile}`,
    `  Admin user:        ${SAMPLE_ADMIN_USER}`,
    `  Google stand-in:   ${emulator.url} (sample domain ${emulator.state.summary().domains.join(', ')})`,
    `  Gmail IMAP:        ${imap.host}:${imap.port}`,
    '',
    'In the console open Directory Services, upload the key file, enter the admin user,',
    'then click "Check setup". Domain-wide delegation for the key\'s Client ID is already',
    'granted for all three scopes, so every check passes. Then click "Test Settings" and',
    '"Synchronize now" under User synchronization to copy the sample users.',
    '',
    'To let them sign in with Google, open Sign-in with Google and enter',
    `  Public URL:        ${publicUrl}`,
    `  Client ID:         ${OIDC_CLIENT_ID}`,
    `  Client secret:     ${OIDC_CLIENT_SECRET}`,
    'then sign out and choose "Sign in with Google" (for example as alice@example.com).',
    '',
    `Data lives in ${DEMO_DIR} and is reset on the next start. Press Ctrl+C to stop.`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

function toPort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`Not a port number: ${value}\n${USAGE}`);
    process.exit(2);
  }
  return port;
}

void main();
