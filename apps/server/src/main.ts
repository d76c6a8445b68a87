import { MigrationError } from '@wac/db';
import { ConfigError, loadConfig, type TConfig } from './config/env';
import { MasterKeyError } from './modules/secrets';
import { StartupError } from './server/database';
import { unsupportedNodeReason } from './server/node-version';
import {
  createServerLogger,
  releaseServerResources,
  startServer,
  type TServerResources,
} from './server/start-server';
import { loadTlsCredentials, TlsConfigError } from './server/tls';

// Under Docker's default 10 s between SIGTERM and SIGKILL (compose: stop_grace_period), so a stuck
// shutdown still exits on its own terms and logs why.
const SHUTDOWN_TIMEOUT_MS = 8_000;

function fail(message: string): never {
  process.stderr.write(`\nError: ${message}\n\n`);
  process.exit(1);
}

function readConfig(): TConfig {
  try {
    const config = loadConfig();
    // Fail before starting Postgres rather than after: a typo in a path should cost nothing.
    if (config.tls !== undefined) loadTlsCredentials(config.tls);
    return config;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof TlsConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const nodeProblem = unsupportedNodeReason(process.version);
  if (nodeProblem !== null) fail(nodeProblem);
  const config = readConfig();
  const log = createServerLogger(config);
  const resources: TServerResources = {};
  const releaseAll = () => releaseServerResources(resources, log);

  const startup = startServer(config, { log, resources, startedAt });

  let isShuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (isShuttingDown) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    isShuttingDown = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    // A signal during startup waits for the step in flight, so an embedded Postgres that is
    // still starting is stopped too instead of being orphaned.
    void startup
      .catch(() => undefined)
      .then(releaseAll)
      .then(() => {
        log.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    await startup;
  } catch (error) {
    if (isShuttingDown) return;
    await releaseAll();
    if (
      error instanceof StartupError ||
      error instanceof MigrationError ||
      error instanceof TlsConfigError ||
      error instanceof MasterKeyError
    ) {
      fail(error.message);
    }
    log.fatal({ err: error }, 'startup failed');
    fail(`Startup failed: ${(error as Error).message}`);
  }
}

void main();
