/// <reference path="./s3rver.d.ts" />
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';
import type { TS3Connection } from '../src/store/s3-blob-store';

export type TS3StandIn = {
  bucket: string;
  connection: TS3Connection & {
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** The folder where the stand-in keeps objects (for tests that tamper with one). */
  directory: string;
  stop(): Promise<void>;
};

/**
 * A server speaking the S3 REST API on 127.0.0.1 (s3rver, objects in a temp folder) with one empty
 * bucket: the stand-in for an operator's S3-compatible storage, as the emulator stands in for Google.
 */
export async function startS3StandIn(bucket = 'wac-archive'): Promise<TS3StandIn> {
  const directory = await mkdtemp(path.join(tmpdir(), 'wac-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
    // s3rver canonicalises a path-style bucket URL as "/bucket" where the SDK signs "/bucket/" (S3's
    // own rule), so every ListObjectsV2 would fail signature checks; the stand-in logs instead.
    allowMismatchedSignatures: true,
  });
  const address = (await server.run()) as AddressInfo;
  return {
    bucket,
    directory,
    connection: {
      endpoint: `http://127.0.0.1:${address.port}`,
      region: 'us-east-1',
      // s3rver's fixed account: it checks the signature against these.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
    },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
