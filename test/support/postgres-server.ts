import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/** A throwaway PostgreSQL server: its own folder, its own port on 127.0.0.1, gone after `close`. */
export interface PostgresServer {
  port: number;
  /** The superuser's URL of `database` (default `postgres`); trust authentication, no password. */
  url(database?: string): string;
  /** Creates an empty database and answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server; `fast` lets sessions end cleanly, `immediate` is as abrupt as a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it and removes its folder; safe to call twice. */
  close(): Promise<void>;
}

const installHint = 'PostgreSQL is not installed on this machine: run `apt-get install -y postgresql` (Debian) to run the PostgreSQL tests.';
const run = promisify(execFile);

/**
 * Starts a PostgreSQL server from Debian's `postgresql` package for tests: `initdb` in a new
 * temporary folder (as the `postgres` user when we are root, since initdb refuses root), listening
 * only on 127.0.0.1 and on a unix socket inside that folder. Nothing is flushed to the disk (the
 * data lives as long as the test run), but every commit is written before it returns, so a server
 * stopped abruptly (`immediate`, as a crash would) keeps whatever it had committed. The folder is removed by `close`, and when the process
 * exits without calling it (a test run that failed in its set-up). `installedIn` is where the
 * versions are looked for, for the test of what happens when there are none.
 */
export async function startPostgresServer(options: { installedIn?: string } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir(options.installedIn);
  const owner = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proactive-sms-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (owner !== null) fs.chownSync(dir, owner.uid, owner.gid);

  const pgCtl = (args: string[]) => run(...command(owner, path.join(bin, 'pg_ctl'), ['-D', dataDir, ...args]));
  let closed = false;
  let port = 0;
  const removeNow = () => {
    spawnSync(...command(owner, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', removeNow);

  const start = async () => {
    try {
      await pgCtl(['-l', logFile, '-w', '-t', '60', '-o', `-p ${port}`, 'start']);
    } catch (error) {
      throw new Error(`The test PostgreSQL server did not start on 127.0.0.1:${port}:\n${tail(logFile)}`, { cause: error });
    }
  };

  try {
    await run(...command(owner, path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']));
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        // Commits still reach the log before they return (a stop in `immediate` mode, like a
        // crash, keeps them); only the flush to the disk, which a crash of the machine needs, is off.
        'fsync = off',
        'full_page_writes = off',
        'max_connections = 200',
        // Tests that make a deadlock on purpose need not wait the default second for it to be seen.
        "deadlock_timeout = '100ms'"
      ].join('\n') + '\n'
    );
    // The port is free when asked for, but another process may take it before the server binds
    // it: try a few.
    for (let attempt = 1; ; attempt += 1) {
      port = await freeLoopbackPort();
      try {
        await start();
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  } catch (error) {
    process.removeListener('exit', removeNow);
    removeNow();
    throw error;
  }

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pgCtl(['-m', mode, '-w', 'stop']);
  };

  return {
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
    start,
    async restart(mode = 'fast') {
      await stop(mode);
      await start();
    },
    async close() {
      if (closed) return;
      closed = true;
      process.removeListener('exit', removeNow);
      try {
        await stop('immediate');
      } catch {
        // Already stopped (a test stopped it); the folder goes all the same.
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

// ---------------------------------------------------------------------------------------------

/** The newest server version's programs in Debian's layout (/usr/lib/postgresql/<version>/bin). */
function postgresBinDir(root = '/usr/lib/postgresql'): string {
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((version) => fs.existsSync(path.join(root, version, 'bin', 'initdb')) && fs.existsSync(path.join(root, version, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) throw new Error(installHint);
  return path.join(root, newest, 'bin');
}

/** Whom the server runs as: the `postgres` user when we are root (initdb refuses root), else ourselves (null). */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`There is no "postgres" user on this machine. ${installHint}`);
  return { uid: Number(uid), gid: Number(gid) };
}

function command(owner: { uid: number } | null, program: string, args: string[]): [string, string[]] {
  return owner === null ? [program, args] : [runuser, ['-u', 'postgres', '--', program, ...args]];
}

/** util-linux's runuser, by its full path where it is: a PATH without /usr/sbin would not find it. */
const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((candidate) => fs.existsSync(candidate)) ?? 'runuser';

/** A port of 127.0.0.1 that was free a moment ago. */
export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no server log)';
  }
}
