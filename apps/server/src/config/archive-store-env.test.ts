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

describe('parseEnv: archive store', () => {
  it('keeps blobs under DATA_DIR/archive by default', () => {
    expect(parseEnv({ DATA_DIR: 'data' }, '/srv/wac').archiveStore).toEqual({
      kind: 'fs',
      root: '/srv/wac/data/archive',
    });
  });

  it('takes an S3-compatible bucket with path-style addressing for a custom endpoint', () => {
    const config = parseEnv(
      {
        ARCHIVE_STORE: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_BUCKET: 'wac-archive',
        S3_ACCESS_KEY_ID: 'key-id',
        S3_SECRET_ACCESS_KEY: 'very-secret',
        S3_SSE: 'AES256',
      },
      '/srv/wac',
    );
    expect(config.archiveStore).toEqual({
      kind: 's3',
      bucket: 'wac-archive',
      prefix: 'archive/',
      connection: {
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        credentials: { accessKeyId: 'key-id', secretAccessKey: 'very-secret' },
        forcePathStyle: true,
      },
      serverSideEncryption: { algorithm: 'AES256' },
    });
  });

  it('uses virtual-host addressing and the SDK credential chain on the provider default endpoint', () => {
    const config = parseEnv(
      { ARCHIVE_STORE: 's3', S3_BUCKET: 'wac-archive', S3_REGION: 'eu-west-1' },
      '/srv/wac',
    );
    expect(config.archiveStore).toMatchObject({
      kind: 's3',
      connection: { endpoint: undefined, region: 'eu-west-1', credentials: undefined, forcePathStyle: false },
    });
  });

  it('names each bad variable and never echoes the secret key', () => {
    const problems = problemsOf({
      ARCHIVE_STORE: 's3',
      S3_SECRET_ACCESS_KEY: 'very-secret',
    });
    expect(
      problems.some((problem) => problem.startsWith('S3_BUCKET must be set when ARCHIVE_STORE is s3')),
    ).toBe(true);
    expect(
      problems.some((problem) =>
        problem.startsWith('S3_ACCESS_KEY_ID must be set together with S3_SECRET_ACCESS_KEY'),
      ),
    ).toBe(true);
    expect(problemsOf({ S3_SSE: 'rot13' })).toEqual(['S3_SSE must be AES256 or aws:kms (got "rot13")']);
    expect(problems.join('\n')).not.toContain('very-secret');
    expect(problemsOf({ ARCHIVE_STORE: 'gcs' })).toEqual(['ARCHIVE_STORE must be fs or s3 (got "gcs")']);
  });
});
