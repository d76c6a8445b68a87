import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawImap } from './support/raw-imap';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

describe('pnpm emulator (standalone CLI)', () => {
  let child: ChildProcess;
  let started: {
    url: string;
    keyFile: string;
    clientId: string;
    admin: string;
    imap: { host: string; port: number; secure: boolean };
  };
  const keyFile = join(tmpdir(), `wac-emulator-cli-test-${process.pid}`, 'key.json');

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI,
        '--port',
        '0',
        '--generate-users',
        '300',
        '--groups',
        '12',
        '--key-out',
        keyFile,
        '--imap-port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout! });
    started = await new Promise((resolve, reject) => {
      lines.on('line', (line) => {
        if (line.startsWith('{')) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
  }, 30_000);

  afterAll(async () => {
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(join(keyFile, '..'), { recursive: true, force: true });
  });

  it('prints its URL and writes a 0600 key file pointing at itself', async () => {
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.keyFile).toBe(keyFile);
    expect(started.admin).toBe('admin@example.com');
    const key = JSON.parse(await readFile(keyFile, 'utf8')) as Record<string, string>;
    expect(key).toMatchObject({
      type: 'service_account',
      token_uri: `${started.url}/token`,
      client_id: started.clientId,
    });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });

  it('serves the generated domain and reports it at /emulator/state', async () => {
    const state = (await (await fetch(`${started.url}/emulator/state`)).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ url: started.url, users: { active: 300 }, groups: 12, serviceAccounts: 1 });
  });

  it('changes users over HTTP for benchmarks that run it as a separate process', async () => {
    const patch = await fetch(`${started.url}/emulator/users/admin@example.com`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ givenName: 'Adelaide' }),
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ primaryEmail: 'admin@example.com', givenName: 'Adelaide' });
    const unknown = await fetch(`${started.url}/emulator/users/nobody@example.com`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    const invalid = await fetch(`${started.url}/emulator/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ primaryEmail: 'not-an-address' }),
    });
    expect(invalid.status).toBe(400);
  });

  it('serves Gmail IMAP on --imap-port, seeded over /emulator/imap', async () => {
    expect(started.imap).toMatchObject({ host: '127.0.0.1', secure: false });
    const seeded = await fetch(`${started.url}/emulator/imap/users/admin@example.com/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 5 }),
    });
    expect(seeded.status).toBe(201);
    const { client, greeting } = await RawImap.connect(started.imap.host, started.imap.port);
    expect(greeting).toMatch(/^\* OK Gimap ready/);
    client.close();
  });
});
