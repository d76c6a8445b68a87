import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseEnv(env, '/srv/wac');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected parseEnv to reject the environment');
}

describe('parseEnv: mail archiving', () => {
  it("defaults to Gmail's IMAP over TLS, 4 mailboxes at once, 1 connection per account and 2,000 MB a day", () => {
    expect(parseEnv({}, '/srv/wac').archiving).toEqual({
      imap: { host: 'imap.gmail.com', port: 993, secure: true },
      maxMailboxes: 4,
      connectionsPerAccount: 1,
      dailyBudgetBytes: 2000 * 1024 * 1024,
      heartbeatSeconds: 20,
    });
  });

  it('takes a local IMAP server without TLS and other limits', () => {
    const config = parseEnv(
      {
        IMAP_HOST: '127.0.0.1',
        IMAP_PORT: '14300',
        IMAP_TLS: 'false',
        ARCHIVE_MAX_MAILBOXES: '2',
        ARCHIVE_CONNECTIONS_PER_ACCOUNT: '10',
        ARCHIVE_DAILY_BUDGET_MB: '5',
        ARCHIVE_HEARTBEAT_SECONDS: '2',
      },
      '/srv/wac',
    );
    expect(config.archiving).toEqual({
      imap: { host: '127.0.0.1', port: 14300, secure: false },
      maxMailboxes: 2,
      connectionsPerAccount: 10,
      dailyBudgetBytes: 5 * 1024 * 1024,
      heartbeatSeconds: 2,
    });
  });

  it("refuses more than 10 connections per account (Gmail's limit is 15) and names each bad variable", () => {
    expect(
      problemsOf({
        ARCHIVE_CONNECTIONS_PER_ACCOUNT: '11',
        ARCHIVE_MAX_MAILBOXES: '0',
        ARCHIVE_DAILY_BUDGET_MB: '2600',
        IMAP_PORT: 'imap',
        IMAP_TLS: 'maybe',
      }),
    ).toEqual([
      'IMAP_PORT must be a port number (got "imap")',
      'IMAP_TLS must be true or false (got "maybe")',
      'ARCHIVE_MAX_MAILBOXES must be at least 1 (got "0")',
      'ARCHIVE_CONNECTIONS_PER_ACCOUNT must be at most 10 (got "11")',
      'ARCHIVE_DAILY_BUDGET_MB must be at most 2500 (got "2600")',
    ]);
  });
});
