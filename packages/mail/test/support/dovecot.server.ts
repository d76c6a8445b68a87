import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type TDovecotOptions = {
  /** Origin of the emulator; Dovecot's oauth2 passdb asks its /tokeninfo about every token. */
  tokenInfoOrigin: string;
  /**
   * Also accept PLAIN/LOGIN with this one password for every user (a static passdb): for clients
   * that cannot do XOAUTH2, such as mbsync in the archive benchmark. Off unless given.
   */
  plainPassword?: string;
};

export type TDovecotServer = {
  host: string;
  port: number;
  dir: string;
  /** The Maildir root of one user, for tests that edit the store behind Dovecot's back. */
  maildirOf(user: string): string;
  stop(): Promise<void>;
};

const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

/**
 * Debian's Dovecot on a free loopback port, its config, state and Maildirs in a temp dir of its
 * own. Only XOAUTH2 is offered: imapflow prefers OAUTHBEARER when both are, and production talks
 * XOAUTH2 to Gmail.
 */
export async function startDovecot(options: TDovecotOptions): Promise<TDovecotServer> {
  const dir = await mkdtemp(join(tmpdir(), 'wac-dovecot-'));
  const port = await freePort();
  const baseDir = join(dir, 'run');
  await rm(baseDir, { recursive: true, force: true });
  await mkdir(baseDir, { recursive: true });
  await mkdir(join(dir, 'state'), { recursive: true });
  await mkdir(join(dir, 'home'), { recursive: true });
  await writeFile(
    join(dir, 'oauth2.conf.ext'),
    `tokeninfo_url = ${options.tokenInfoOrigin}/tokeninfo?access_token=\n` +
      'username_attribute = email\n' +
      'scope = https://mail.google.com/\n',
  );
  const { uid, gid } = mailOwner();
  // Mail processes never run as root: as root, the Maildirs belong to Dovecot's own system user,
  // who must be able to reach them through the temp dir (mkdtemp makes it 0700).
  await chmod(dir, 0o711);
  await chown(join(dir, 'home'), uid, gid);
  await writeFile(
    join(dir, 'dovecot.conf'),
    [
      `instance_name = wac-dovecot-${port}`,
      `base_dir = ${baseDir}`,
      `state_dir = ${join(dir, 'state')}`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      `auth_mechanisms = xoauth2${options.plainPassword ? ' plain login' : ''}`,
      `mail_location = maildir:${join(dir, 'home')}/%u/Maildir`,
      `first_valid_uid = ${uid}`,
      `first_valid_gid = ${gid}`,
      'mail_plugins = ',
      'imap_max_line_length = 1M',
      'service imap-login {',
      '  inet_listener imap {',
      `    port = ${port}`,
      '    address = 127.0.0.1',
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      // Without this, a good login right after a refused one waits out the auth penalty (4 s).
      'service anvil {',
      '  unix_listener anvil-auth-penalty {',
      '    mode = 0',
      '  }',
      '}',
      'passdb {',
      '  driver = oauth2',
      '  mechanisms = xoauth2',
      `  args = ${join(dir, 'oauth2.conf.ext')}`,
      '}',
      ...(options.plainPassword
        ? [
            'passdb {',
            '  driver = static',
            '  mechanisms = plain login',
            `  args = password=${options.plainPassword}`,
            '}',
          ]
        : []),
      'userdb {',
      '  driver = static',
      `  args = uid=${uid} gid=${gid} home=${join(dir, 'home')}/%u`,
      '}',
      'namespace inbox {',
      '  inbox = yes',
      '  separator = /',
      '  mailbox Sent {',
      '    special_use = \\Sent',
      '    auto = create',
      '  }',
      '  mailbox Trash {',
      '    special_use = \\Trash',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitForGreeting(port, child, () => output, dir);
  return {
    host: '127.0.0.1',
    port,
    dir,
    maildirOf: (user) => join(dir, 'home', user, 'Maildir'),
    stop: () => stopChild(child, dir),
  };
}

async function waitForGreeting(port: number, child: ChildProcess, output: () => string, dir: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
      throw new Error(`dovecot exited (${child.exitCode}): ${output()}\n${log}`);
    }
    if (await greets(port)) return;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`dovecot did not answer on port ${port}: ${output()}`);
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.pid !== undefined) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // By PID: `dovecot -F` is the master; it takes its own children down with it on SIGTERM.
    process.kill(child.pid, 'SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
}

function mailOwner(): { uid: number; gid: number } {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? uid };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'dovecot'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
    server.once('error', reject);
  });
}
