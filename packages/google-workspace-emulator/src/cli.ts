import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONNECTOR_SCOPES } from './auth/scopes';
import { generateDomainSource } from './domain/domain-generator';
import { loadFixture, loadSampleFixture } from './domain/fixture-loader';
import { startEmulator } from './emulator';

const USAGE = `Usage: pnpm emulator [--port 8470] [--host 127.0.0.1] [--fixture path]
       [--generate-users N --groups M [--domains a.com,b.com] [--seed 1]]
       [--key-out path] [--latency-ms 0] [--directory-latency-ms 0 [--directory-jitter-ms 0]]
       [--imap-port 0 [--imap-tls]]
       [--oidc-client-id ID --oidc-client-secret SECRET --oidc-redirect-uri URI ...]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8470' },
      host: { type: 'string', default: '127.0.0.1' },
      fixture: { type: 'string' },
      'generate-users': { type: 'string' },
      groups: { type: 'string', default: '0' },
      domains: { type: 'string', default: 'example.com,example.net,example.org' },
      seed: { type: 'string', default: '1' },
      'key-out': { type: 'string' },
      'latency-ms': { type: 'string', default: '0' },
      'directory-latency-ms': { type: 'string', default: '0' },
      'directory-jitter-ms': { type: 'string', default: '0' },
      'imap-port': { type: 'string' },
      'imap-tls': { type: 'boolean', default: false },
      'oidc-client-id': { type: 'string' },
      'oidc-client-secret': { type: 'string' },
      'oidc-redirect-uri': { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const fixture = values['generate-users']
    ? generateDomainSource({
        users: toCount(values['generate-users'], '--generate-users'),
        groups: toCount(values.groups, '--groups'),
        domains: values.domains.split(',').map((domain) => domain.trim()),
        seed: toCount(values.seed, '--seed'),
      })
    : values.fixture
      ? await loadFixture(resolve(values.fixture))
      : await loadSampleFixture();

  const emulator = await startEmulator({
    host: values.host,
    port: toCount(values.port, '--port'),
    fixture,
    latencyMs: toCount(values['latency-ms'], '--latency-ms'),
    directoryLatency: {
      fixedMs: toCount(values['directory-latency-ms'], '--directory-latency-ms'),
      jitterMs: toCount(values['directory-jitter-ms'], '--directory-jitter-ms'),
    },
    imap:
      values['imap-port'] === undefined
        ? undefined
        : { host: values.host, port: toCount(values['imap-port'], '--imap-port'), tls: values['imap-tls'] },
  });
  const key = emulator.createServiceAccountKey({ delegatedScopes: [...CONNECTOR_SCOPES] });
  const port = new URL(emulator.url).port;
  const keyFile = resolve(
    values['key-out'] ?? join(tmpdir(), `wac-emulator-${port}`, 'service-account.json'),
  );
  await mkdir(dirname(keyFile), { recursive: true });
  // A private key, even a throwaway one, is written readable by its owner only.
  await writeFile(keyFile, key.json, { mode: 0o600 });
  await chmod(keyFile, 0o600);

  const clientId = values['oidc-client-id'];
  if (clientId) {
    emulator.registerOidcClient({
      clientId,
      clientSecret: values['oidc-client-secret'] ?? '',
      redirectUris: values['oidc-redirect-uri'] ?? [],
    });
  }

  const summary = emulator.state.summary();
  const admin = emulator.state.users.active.values().find((user) => user.isAdmin && !user.suspended);
  console.log(`Google Workspace emulator listening on ${emulator.url}`);
  console.log(
    `  domains ${summary.domains.join(', ')}: ${summary.users.active} users (${summary.users.suspended} suspended), ${summary.groups} groups`,
  );
  console.log(`  admin to impersonate: ${admin?.primaryEmail ?? '(none)'}`);
  console.log(`  service-account key: ${keyFile}`);
  console.log(`  client ID ${key.clientId}, delegated: ${CONNECTOR_SCOPES.join(' ')}`);
  if (emulator.imap) {
    console.log(
      `  Gmail IMAP on ${emulator.imap.host}:${emulator.imap.port} (${emulator.imap.secure ? 'TLS, self-signed' : 'plain TCP'})`,
    );
  }
  if (clientId)
    console.log(`  OIDC client ${clientId}, redirect URIs: ${(values['oidc-redirect-uri'] ?? []).join(' ')}`);
  // The last line is machine-readable for scripts that start the emulator as a child process.
  console.log(
    JSON.stringify({
      url: emulator.url,
      keyFile,
      clientId: key.clientId,
      admin: admin?.primaryEmail ?? null,
      imap: emulator.imap
        ? { host: emulator.imap.host, port: emulator.imap.port, secure: emulator.imap.secure }
        : null,
    }),
  );

  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function toCount(raw: string, flag: string): number {
  if (!/^\d+$/.test(raw)) {
    console.error(`${flag} must be a non-negative integer, got "${raw}"\n${USAGE}`);
    process.exit(2);
  }
  return Number(raw);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
