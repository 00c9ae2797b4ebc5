import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Temporal } from 'temporal-polyfill';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, DatabaseFileError, migrations, openSqliteDatabase } from '../../adapters/sqlite/index.js';
import { campaign, list, people, t0 } from './records.js';
import { tempFolder } from './temp-database.js';

// Each bad file gives one sentence naming it (the CLI's exit 2), and what was committed before stays.

let temp: ReturnType<typeof tempFolder>;
beforeEach(() => {
  temp = tempFolder();
});
afterEach(() => {
  temp.remove();
});

describe('a file that cannot be used', () => {
  it('refuses a file that is not a database, and leaves it as it was', () => {
    const path = temp.file('recipients.csv');
    const text = 'name,phone\nAda,+15550001000\n'.repeat(200);
    writeFileSync(path, text);
    const error = openError(path);
    expect(error.message).toBe(`${path} is not a SQLite database (or its header is damaged) and was left as it was; give the path of a proactive-sms database, or a new file name to start one.`);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses a folder given as the database, saying so rather than blaming the disk', () => {
    const folder = temp.file('data');
    mkdirSync(folder);
    expect(openError(folder).message).toBe(`${folder} is a folder, not a database file; give the path of a file, such as ${folder}/proactive-sms.db.`);
    expect(() => openSqliteDatabase(folder, { readonly: true })).toThrow(`${folder} is a folder`);
  });

  it('names the file whose folder cannot be made', () => {
    const blocker = temp.file('not-a-folder');
    writeFileSync(blocker, 'a file where a folder should be');
    const path = `${blocker}/data/store.db`;
    expect(openError(path).message).toBe(`The folder of ${path} cannot be created (ENOTDIR): check the path and its permissions.`);
  });

  it('refuses a database written by a newer schema version, and leaves its data alone', async () => {
    const path = temp.file();
    await withStore(path, async (store) => store.saveCampaign(campaign));
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();

    const error = openError(path);
    expect(oneSentence(error.message)).toBe(true);
    expect(error.message).toContain(path);
    expect(error.message).toContain(`newer version of proactive-sms (schema 99, this one knows up to ${migrations.at(-1)?.version})`);
    // Read-only opens refuse it too: a status report must not misread rows it does not know.
    expect(() => openSqliteDatabase(path, { readonly: true })).toThrow(DatabaseFileError);

    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    expect(check.prepare('SELECT name FROM campaigns').pluck().all()).toEqual([campaign.name]);
    check.close();
  });

  it('opened read-only, reads the file but refuses to write to it, naming it, and loses nothing', async () => {
    // `status` opens the file so; every write then fails with SQLITE_READONLY inside SQLite.
    const path = temp.file();
    await withStore(path, async (store) => store.saveCampaign(campaign));
    const db = openSqliteDatabase(path, { readonly: true });
    const store = createSqliteStore(db);
    expect((await store.campaigns()).map((c) => c.id)).toEqual(['c1']);

    const error = await store.saveCampaign({ ...campaign, name: 'Renamed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseFileError);
    expect((error as Error).message).toBe(`${path} is read-only: proactive-sms must write to it and to its folder (check their permissions).`);
    await expect(store.setOptedOut('+15550001000', true, at)).rejects.toThrow(DatabaseFileError);
    db.close();

    await withStore(path, async (reopened) => {
      expect((await reopened.campaign('c1'))?.name).toBe(campaign.name);
      expect(await reopened.isOptedOut('+15550001000')).toBe(false);
    });
  });

  it('refuses a write-protected file (chmod 0444) for a user who is not root, naming it, and loses nothing', async () => {
    const path = temp.file();
    await withStore(path, async (store) => store.saveCampaign(campaign));
    chmodSync(path, 0o444);
    chmodSync(temp.folder, 0o777);
    const error = await asUserNotRoot(async () => {
      const db = openSqliteDatabase(path);
      try {
        const store = createSqliteStore(db);
        expect((await store.campaigns()).map((c) => c.id)).toEqual(['c1']);
        return await store.saveCampaign({ ...campaign, name: 'Renamed' }).catch((e: unknown) => e);
      } finally {
        db.close();
      }
    });
    expect(error).toBeInstanceOf(DatabaseFileError);
    expect((error as Error).message).toBe(`${path} is read-only: proactive-sms must write to it and to its folder (check their permissions).`);
    chmodSync(path, 0o644);
    await withStore(path, async (reopened) => expect((await reopened.campaign('c1'))?.name).toBe(campaign.name));
  });

  it('reports a full disk, naming the file, keeps what was committed and nothing of the change that did not fit', async () => {
    // SQLite itself reports SQLITE_FULL once the file may not grow: the same error as a full disk.
    const path = temp.file();
    const db = openSqliteDatabase(path);
    const store = createSqliteStore(db);
    await store.saveCampaign(campaign);
    await store.addList(list('small'), people(10));
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);

    const error = await store.addList(list('big'), people(20_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseFileError);
    expect((error as Error).message).toBe(
      `The disk holding ${path} is full: the last change was not saved, everything saved before it is kept.`
    );
    // The store still answers, without the list that did not fit.
    expect(await store.list('big')).toBeNull();
    expect(await store.recipientStates('small')).toHaveLength(10);
    db.close();

    await withStore(path, async (reopened) => {
      expect((await reopened.lists('c1')).map((l) => l.id)).toEqual(['small']);
      expect(await reopened.recipients('small')).toEqual(people(10));
    });
  });
});

// ---------------------------------------------------------------------------------------------

const at = Temporal.Instant.fromEpochMilliseconds(t0);

async function withStore(path: string, use: (store: ReturnType<typeof createSqliteStore>) => Promise<unknown>): Promise<void> {
  const db = openSqliteDatabase(path);
  try {
    await use(createSqliteStore(db));
  } finally {
    db.close();
  }
}

/**
 * Runs `work` as an ordinary user: root writes to a write-protected file anyway, so as root the
 * effective user becomes nobody (65534) meanwhile. Needs vitest's process pool (not threads).
 */
async function asUserNotRoot<T>(work: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0) return work();
  if (typeof process.seteuid !== 'function') {
    throw new Error('This test runs as root and needs process.seteuid: run vitest with its default forks pool, not threads.');
  }
  process.seteuid(65534);
  try {
    return await work();
  } finally {
    process.seteuid(0);
  }
}

function openError(path: string): DatabaseFileError {
  try {
    openSqliteDatabase(path).close();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseFileError);
    expect((error as DatabaseFileError).path).toBe(path);
    return error as DatabaseFileError;
  }
  throw new Error(`${path} was opened; a DatabaseFileError was expected.`);
}

/** One line, ending with its only full stop followed by nothing (paths may hold dots). */
function oneSentence(message: string): boolean {
  return !message.includes('\n') && message.endsWith('.') && !/\.\s+[A-Z]/.test(message);
}
