import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { TCountBy, TSystemStats } from '../system/system-stats.repository';

export type TMetricsDeps = {
  /** Database-wide figures, cached (see system-stats.cache.ts), read when Prometheus scrapes. */
  readStats: () => Promise<TSystemStats>;
};

// Request latency buckets: most API calls take a few ms; exports and searches can take seconds.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function setCounts(gauge: Gauge<string>, label: string, counts: TCountBy): void {
  for (const [key, value] of Object.entries(counts)) gauge.set({ [label]: key }, value);
}

/**
 * One registry per app (not prom-client's global one), so several apps in one process (tests, the
 * benchmark's two instances) never share or double-register metrics. Events this process sees are
 * counters and histograms; figures about the whole deployment come from Postgres on each scrape,
 * so every instance answers the same for them.
 */
export function createMetrics(deps: TMetricsDeps) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: 'wac_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern (not the raw URL), method and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: HTTP_BUCKETS,
    registers,
  });
  const tokenErrors = new Counter({
    name: 'wac_google_token_errors_total',
    help: 'Delegated access tokens Google refused or could not issue, by kind.',
    labelNames: ['kind'],
    registers,
  });
  const quotaPauses = new Counter({
    name: 'wac_archive_quota_pauses_total',
    help: 'Mailbox archive runs on this instance that paused for a quota or the daily budget, by reason.',
    labelNames: ['reason'],
    registers,
  });

  // A scrape still answers (process metrics, counters) while the database is down; this says so.
  const statsUp = new Gauge({
    name: 'wac_database_stats_up',
    help: '1 when the database figures of this scrape could be read, else 0.',
    registers,
  });
  const readStatsOrNull = async (): Promise<TSystemStats | null> => {
    try {
      const stats = await deps.readStats();
      statsUp.set(1);
      return stats;
    } catch {
      statsUp.set(0);
      return null;
    }
  };

  // Gauges that read the database: each one's collect() runs on scrape; the cache makes it one read.
  const fromStats = (
    name: string,
    help: string,
    labelNames: string[],
    fill: (gauge: Gauge<string>, stats: TSystemStats) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset();
        const stats = await readStatsOrNull();
        if (stats !== null) fill(this, stats);
      },
    });

  fromStats('wac_users', 'Users by authentication method.', ['auth_method'], (gauge, stats) =>
    setCounts(gauge, 'auth_method', stats.usersByAuthMethod),
  );
  fromStats('wac_archive_messages', 'Distinct messages in the archive.', [], (gauge, stats) =>
    gauge.set(stats.archive.messages),
  );
  fromStats(
    'wac_archive_bytes',
    'Archive size: raw message bytes, and bytes stored (compressed and encrypted).',
    ['kind'],
    (gauge, stats) => {
      gauge.set({ kind: 'raw' }, stats.archive.rawBytes);
      gauge.set({ kind: 'stored' }, stats.archive.storedBytes);
    },
  );
  fromStats(
    'wac_archive_mailboxes',
    'Archived mailboxes by the state of their latest run (the backlog per state).',
    ['state'],
    (gauge, stats) => setCounts(gauge, 'state', stats.mailboxesByState),
  );
  fromStats(
    'wac_archive_mailboxes_paused',
    'Mailboxes now waiting for a quota or the daily budget, by reason.',
    ['reason'],
    (gauge, stats) => setCounts(gauge, 'reason', stats.pausedMailboxesByReason),
  );
  fromStats('wac_sync_runs', 'Directory sync runs by status.', ['status'], (gauge, stats) =>
    setCounts(gauge, 'status', stats.syncRunsByStatus),
  );
  fromStats(
    'wac_sync_last_run_duration_seconds',
    'Duration of the latest finished directory sync (not a dry run), by its status.',
    ['status'],
    (gauge, stats) => {
      const last = stats.lastSyncRun;
      if (last?.durationSeconds != null) gauge.set({ status: last.status }, last.durationSeconds);
    },
  );
  fromStats(
    'wac_sync_last_run_finished_timestamp_seconds',
    'When the latest directory sync (not a dry run) finished, by its status.',
    ['status'],
    (gauge, stats) => {
      const last = stats.lastSyncRun;
      if (last?.finishedAt) gauge.set({ status: last.status }, last.finishedAt.getTime() / 1000);
    },
  );
  fromStats('wac_send_messages', 'Messages in the send log by status.', ['status'], (gauge, stats) =>
    setCounts(gauge, 'status', stats.sendMessagesByStatus),
  );
  fromStats(
    'wac_job_queue_depth',
    'Jobs waiting (created, retry) or running (active), by queue.',
    ['queue', 'state'],
    (gauge, stats) => {
      for (const row of stats.queueDepths) gauge.set({ queue: row.queue, state: row.state }, row.jobs);
    },
  );
  fromStats('wac_database_size_bytes', 'Size of the Postgres database.', [], (gauge, stats) =>
    gauge.set(stats.databaseBytes),
  );

  return {
    registry,
    observeRequest(labels: { method: string; route: string; statusCode: number }, seconds: number): void {
      httpDuration.observe(
        { method: labels.method, route: labels.route, status_code: String(labels.statusCode) },
        seconds,
      );
    },
    countTokenError(kind: string): void {
      tokenErrors.inc({ kind });
    },
    countQuotaPause(reason: string): void {
      quotaPauses.inc({ reason });
    },
    async render(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type TMetrics = ReturnType<typeof createMetrics>;
