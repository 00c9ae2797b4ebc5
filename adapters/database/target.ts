import { isAbsolute, relative, resolve } from 'node:path';
import { errorLine } from '../cli/errors.js';
import { describePostgresUrl } from '../postgres/open-store.js';

/** Which database a process works on: an SQLite file (one machine) or a PostgreSQL server (several workers). */
export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export type DatabaseChoice = { ok: true; target: DatabaseTarget } | { ok: false; message: string };

export const defaultDatabasePath = './data/proactive-sms.db';

/**
 * The one place that decides which database the CLI's commands and the web app get: `--db` (the
 * CLI's option, when given), else DATABASE_URL, else DATABASE_PATH, else ./data/proactive-sms.db.
 * A `postgres://` or `postgresql://` URL is PostgreSQL; anything else without a scheme (or with
 * `file:` / `sqlite:`) is the path of an SQLite file, resolved against `cwd`. Whether the URL is
 * usable is for opening it to say (`openDatabase`); a refusal here is one sentence naming where the
 * value came from, without the password it may hold.
 */
export function chooseDatabase(option: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string): DatabaseChoice {
  const given: Array<[string, string | undefined]> = [
    ['--db', option],
    ['DATABASE_URL', env.DATABASE_URL],
    ['DATABASE_PATH', env.DATABASE_PATH]
  ];
  const [source, value] = given.find(([, text]) => text !== undefined && text.trim() !== '') ?? ['default', defaultDatabasePath];
  const text = (value ?? defaultDatabasePath).trim();
  if (/^postgres(ql)?:/i.test(text)) return { ok: true, target: { kind: 'postgres', url: text } };
  const path = text.replace(/^(file|sqlite):(\/\/)?/i, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    return {
      ok: false,
      message: errorLine(source, `"${withoutPassword(text)}" is not a database this version can use`, 'give a postgres:// URL or the path of an SQLite database file')
    };
  }
  return { ok: true, target: { kind: 'sqlite', path: resolve(cwd, path) } };
}

/**
 * The database as a person would want it printed: a file relative to where they are (unless that
 * climbs out of it), a server as `"name" on host:port` (never the password).
 */
export function shownDatabase(target: DatabaseTarget, cwd: string): string {
  if (target.kind === 'postgres') return describePostgresUrl(target.url);
  const near = relative(cwd, target.path);
  return near === '' || near.startsWith('..') || isAbsolute(near) ? target.path : near;
}

/** `scheme://user:***@host…` for a URL that carries a password. */
function withoutPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}
