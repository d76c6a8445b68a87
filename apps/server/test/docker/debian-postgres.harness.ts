import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type TDebianPostgres = {
  /** postgres://wac:<password>@127.0.0.1:<port>/wac, as an operator's DATABASE_URL. */
  databaseUrl: string;
  stop(): Promise<void>;
};

/** Debian's server binaries, newest major first (postgresql-15 on bookworm). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return path.join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8'))
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (line === undefined) throw new Error(`no user ${name}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A real PostgreSQL server (Debian's package, not the embedded one) on a loopback port with its own
 * data folder under `dir`: password authentication over TCP, a `wac` role owning a `wac` database.
 * As root it runs as the `postgres` user, as Postgres insists.
 */
export async function startDebianPostgres(dir: string, password: string): Promise<TDebianPostgres> {
  execFileSync('bash', [path.resolve(import.meta.dirname, '../../../../scripts/ensure-postgres-server.sh')], {
    stdio: 'inherit',
  });
  const bin = binDir();
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await mkdir(socketDir, { recursive: true });
  const pwFile = path.join(dir, 'superuser-password');
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  const owner = process.getuid?.() === 0 ? await userIds('postgres') : undefined;
  if (owner !== undefined) {
    for (const target of [dir, dataDir, socketDir, pwFile]) await chown(target, owner.uid, owner.gid);
  }
  const as = owner === undefined ? {} : { uid: owner.uid, gid: owner.gid };
  const env = { PATH: `${bin}:/usr/bin:/bin`, LANG: 'C.UTF-8' };
  await run(
    path.join(bin, 'initdb'),
    [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwFile}`,
    ],
    { ...as, env },
  );
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir} -c fsync=off`;
  await run(
    path.join(bin, 'pg_ctl'),
    ['-D', dataDir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start'],
    {
      ...as,
      env,
    },
  );
  const psql = (sql: string) =>
    run(
      path.join(bin, 'psql'),
      ['-h', socketDir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql],
      {
        ...as,
        env,
      },
    );
  await psql(`CREATE ROLE wac LOGIN PASSWORD '${password}'`);
  await psql('CREATE DATABASE wac OWNER wac');
  return {
    databaseUrl: `postgres://wac:${encodeURIComponent(password)}@127.0.0.1:${port}/wac`,
    async stop() {
      await run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], { ...as, env }).catch(
        () => undefined,
      );
    },
  };
}
