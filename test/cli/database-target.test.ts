import { describe, expect, it } from 'vitest';
import { chooseDatabase, shownDatabase } from '../../adapters/database/target.js';

// The one rule for which database a command or the web app gets.

const cwd = '/srv/sms';

describe('which database', () => {
  it('takes --db, else DATABASE_URL, else DATABASE_PATH, else ./data/proactive-sms.db', () => {
    const env = { DATABASE_URL: 'postgres://sms@db.internal/sms', DATABASE_PATH: 'local.db' };
    expect(chooseDatabase('given.db', env, cwd)).toEqual({ ok: true, target: { kind: 'sqlite', path: '/srv/sms/given.db' } });
    expect(chooseDatabase(undefined, env, cwd)).toEqual({ ok: true, target: { kind: 'postgres', url: 'postgres://sms@db.internal/sms' } });
    expect(chooseDatabase(undefined, { DATABASE_URL: ' ', DATABASE_PATH: 'local.db' }, cwd)).toEqual({ ok: true, target: { kind: 'sqlite', path: '/srv/sms/local.db' } });
    expect(chooseDatabase(undefined, {}, cwd)).toEqual({ ok: true, target: { kind: 'sqlite', path: '/srv/sms/data/proactive-sms.db' } });
  });

  it('reads postgres:// and postgresql:// as PostgreSQL, file: and sqlite: as a file', () => {
    expect(chooseDatabase('postgresql://sms:pw@db:5433/sms', {}, cwd)).toEqual({ ok: true, target: { kind: 'postgres', url: 'postgresql://sms:pw@db:5433/sms' } });
    expect(chooseDatabase('file:x.db', {}, cwd)).toEqual({ ok: true, target: { kind: 'sqlite', path: '/srv/sms/x.db' } });
    expect(chooseDatabase('sqlite:///var/lib/sms.db', {}, cwd)).toEqual({ ok: true, target: { kind: 'sqlite', path: '/var/lib/sms.db' } });
  });

  it('refuses another kind of database in one sentence naming the setting, without the password', () => {
    expect(chooseDatabase(undefined, { DATABASE_URL: 'mysql://admin:hunter2@db/sms' }, cwd)).toEqual({
      ok: false,
      message: 'DATABASE_URL: "mysql://admin:***@db/sms" is not a database this version can use; give a postgres:// URL or the path of an SQLite database file.'
    });
  });

  it('names a file near where the person is, a server by name, host and port, never the password', () => {
    expect(shownDatabase({ kind: 'sqlite', path: '/srv/sms/data/x.db' }, cwd)).toBe('data/x.db');
    expect(shownDatabase({ kind: 'sqlite', path: '/var/lib/x.db' }, cwd)).toBe('/var/lib/x.db');
    expect(shownDatabase({ kind: 'postgres', url: 'postgres://sms:secret@db.internal:5433/campaigns' }, cwd)).toBe('"campaigns" on db.internal:5433');
  });
});
