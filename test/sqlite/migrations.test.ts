import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, migrate, migrations, openSqliteDatabase, type Migration } from '../../adapters/sqlite/index.js';
import { campaign } from './records.js';
import { tempFolder } from './temp-database.js';

const latest = migrations.at(-1)?.version ?? 0;

let temp: ReturnType<typeof tempFolder>;
beforeEach(() => {
  temp = tempFolder();
});
afterEach(() => {
  temp.remove();
});

describe('migrations', () => {
  it('creates a fresh file, its folder too, at the latest schema, in WAL mode with foreign keys on', () => {
    const path = temp.file('data/nested/store.db');
    const db = openSqliteDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['campaigns', 'lists', 'recipients', 'attempts', 'pending_reports', 'timeline', 'opt_outs', 'leases', 'simulated_messages'])
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('re-opening a migrated file changes nothing', () => {
    const path = temp.file();
    const first = openSqliteDatabase(path);
    first.prepare("INSERT INTO opt_outs (phone, at_ms) VALUES ('+15550001000', 1)").run();
    const schema = schemaOf(first);
    first.close();

    const again = openSqliteDatabase(path);
    expect(schemaOf(again)).toEqual(schema);
    expect(again.prepare('SELECT phone FROM opt_outs').pluck().all()).toEqual(['+15550001000']);
    again.close();
  });

  it('runs only the migrations a file has not had, in order', () => {
    const path = temp.file();
    const db = openSqliteDatabase(path);
    const next: Migration[] = [
      ...migrations,
      { version: latest + 1, sql: 'CREATE TABLE notes (text TEXT)' },
      { version: latest + 2, sql: "INSERT INTO notes VALUES ('after the first')" }
    ];
    migrate(db, path, next);
    migrate(db, path, next);
    expect(db.pragma('user_version', { simple: true })).toBe(latest + 2);
    expect(db.prepare('SELECT text FROM notes').pluck().all()).toEqual(['after the first']);
    db.close();
  });

  it('a migration failing half way leaves the schema and the data as they were', () => {
    const path = temp.file();
    const db = openSqliteDatabase(path);
    db.prepare("INSERT INTO opt_outs (phone, at_ms) VALUES ('+15550001000', 1)").run();
    const schema = schemaOf(db);
    const broken: Migration[] = [
      ...migrations,
      { version: latest + 1, sql: 'CREATE TABLE notes (text TEXT)' },
      { version: latest + 2, sql: "ALTER TABLE opt_outs ADD COLUMN source TEXT; DELETE FROM opt_outs; INSERT INTO nowhere VALUES (1);" }
    ];
    expect(() => migrate(db, path, broken)).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(schemaOf(db)).toEqual(schema);
    expect(db.prepare('SELECT phone FROM opt_outs').pluck().all()).toEqual(['+15550001000']);
    db.close();
  });

  it('a fresh file whose migrations fail is left empty, so that the next start tries again', () => {
    const path = temp.file();
    const db = new Database(path);
    expect(() => migrate(db, path, [...migrations, { version: latest + 1, sql: 'SELECT * FROM nowhere' }])).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('brings a version 1 file up to date: its campaigns read back with no sender, then keep one once saved', async () => {
    const path = temp.file();
    const old = new Database(path);
    migrate(old, path, migrations.filter((m) => m.version === 1));
    old
      .prepare(
        `INSERT INTO campaigns (id, name, time_zone, hours_json, rate_messages, rate_per_seconds, daily_limit, message)
         VALUES ('c1', 'Spring reminders', 'America/New_York', ?, 1, 1, NULL, 'Hello {{name}}')`
      )
      .run(JSON.stringify(campaign.hours));
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.close();

    // A read-only open (a status report) cannot migrate it, and reads the campaign all the same.
    const readOnly = openSqliteDatabase(path, { readonly: true });
    expect(await createSqliteStore(readOnly).campaign('c1')).toEqual({ ...campaign, sender: null });
    readOnly.close();

    const db = openSqliteDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    const store = createSqliteStore(db);
    expect(await store.campaign('c1')).toEqual({ ...campaign, sender: null });
    await store.saveCampaign({ ...campaign, sender: '+14155550100' });
    expect((await store.campaign('c1'))?.sender).toBe('+14155550100');
    db.close();
  });
});

function tables(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

function schemaOf(db: Database.Database): unknown[] {
  return db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
}
