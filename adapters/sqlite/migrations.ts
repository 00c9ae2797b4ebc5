import type Database from 'better-sqlite3';
import { DatabaseFileError } from './database-file-error.js';
import { initialSchema } from './migrations/001-initial.js';
import { campaignSenderSchema } from './migrations/002-campaign-sender.js';

export interface Migration {
  /** The schema version the database is at once this has run (1, 2, …, in order). */
  version: number;
  sql: string;
}

/** Every schema version, oldest first. A new version is appended here, never edited in place. */
export const migrations: readonly Migration[] = [
  { version: 1, sql: initialSchema },
  { version: 2, sql: campaignSenderSchema }
];

/**
 * Brings the database up to the latest schema, all pending migrations in one transaction (a
 * failure half way leaves the schema as it was), and records the version in `PRAGMA user_version`.
 * Taken with a write lock first, so that two processes starting together do not both migrate.
 * A database written by a newer version is refused, untouched: this code cannot know its rows.
 */
export function migrate(db: Database.Database, path: string, all: readonly Migration[] = migrations): void {
  const latest = all.at(-1)?.version ?? 0;
  const run = db.transaction(() => {
    const current = schemaVersionKnown(db, path, latest);
    for (const migration of all) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  run.immediate();
}

/** The database's schema version, unless it was written by a version newer than `latest`. */
export function schemaVersionKnown(db: Database.Database, path: string, latest = migrations.at(-1)?.version ?? 0): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new DatabaseFileError(
      path,
      `${path} was written by a newer version of proactive-sms (schema ${current}, this one knows up to ${latest}): upgrade proactive-sms to use it.`
    );
  }
  return current;
}
