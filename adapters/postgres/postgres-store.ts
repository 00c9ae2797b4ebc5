import { Temporal } from 'temporal-polyfill';
import type pg from 'pg';
import { movesDeliveryStatusForward } from '../../core/campaign/delivery-status.js';
import { deliveryStatuses } from '../../core/ports/provider.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import { atMsOf } from '../../core/campaign/timeline-lines.js';
import type {
  CampaignRecord,
  ListRecord,
  RecipientRecord,
  RecipientState,
  Store
} from '../../core/ports/store.js';
import { deliveryLockNamespace } from './advisory-locks.js';
import {
  attemptColumns,
  attemptOf,
  attemptRowOf,
  campaignColumns,
  campaignOf,
  countsColumns,
  countsOf,
  idRow,
  namedLeaseRow,
  lockedRecipientRow,
  type LockedRecipient,
  listColumns,
  listOf,
  msOrNull,
  parseRow,
  claimRow,
  finishedRow,
  appliedDeliveryRow,
  recipientOf,
  recipientStateColumn,
  timelineColumns,
  timelineEventOf,
  type AttemptRow
} from './rows.js';
import { timelineData } from '../sql/json-columns.js';
import { againIfRolledBack, inTransaction } from './transaction.js';

/** The channel on which the store says, with NOTIFY, that campaigns or lists changed (the payload: the new revision). */
export const revisionChannel = 'proactive_sms_revision';

/**
 * The Store in a PostgreSQL database already migrated (`migrate`, or `openPostgresStore` which
 * does both); the pool and its connection settings are the caller's. Every method that writes is
 * one transaction (READ COMMITTED, with the rows it decides on locked first), so that several
 * workers and a web app can share the database:
 * - a claim locks the recipient's list, then the recipient (`FOR UPDATE`), and moves it only if
 *   it is still pending: of two workers claiming one recipient, the second waits for the first and
 *   then finds it `sending`;
 * - a claim naming a lease reads the lease row `FOR SHARE` in its own transaction (a fencing
 *   check): a take-over of the lease waits for the claims already checked against it to commit,
 *   and claims after the take-over see the new holder;
 * - a delivery report and the end of the attempt it concerns take turns on an advisory lock of
 *   the provider id, so that a report that overtook its attempt is always found.
 * The claim, the end of an attempt and a delivery report, the writes of every send, are SQL
 * functions (migrations/004-send-functions.ts), one round trip each.
 * Transactions that move recipients lock the list's row before the recipient's, in that order
 * everywhere, so that they never wait for each other in a circle.
 *
 * Beyond the port: whenever `revision()` changes, the new value is sent on the channel
 * `revisionChannel` when its transaction commits, so that a process may `LISTEN` instead of
 * polling (PostgreSQL drops notifications nobody listens to; polling `revision()` still works).
 */
export function createPostgresStore(pool: pg.Pool): Store {
  return storeOn(
    pool,
    (work) => inTransaction(pool, work),
    (text, values) => againIfRolledBack(() => run(pool, text, values))
  );
}

/**
 * Runs `work` with a store whose every read and write is part of one transaction on one
 * connection, committed when `work` returns and rolled back whole when it throws: an import of a
 * campaign and its lists is there entirely or not at all, and other processes see it at once.
 */
export function inPostgresTransaction<T>(pool: pg.Pool, work: (store: Store) => Promise<T>): Promise<T> {
  return inTransaction(pool, (client) => work(storeOn(client, (inner) => inner(client), (text, values) => run(client, text, values))));
}

// ---------------------------------------------------------------------------------------------

/**
 * The store's methods on `db` (the pool, or a connection in a transaction), `tx` giving each write
 * its transaction and `statement` running one statement as a transaction of its own (in the
 * caller's, on a connection in a transaction).
 */
function storeOn(db: Queryable, tx: <T>(work: (client: Queryable) => Promise<T>) => Promise<T>, statement: Statement): Store {
  const query = async (sql: string, values?: unknown[]) => (await run(db, sql, values)).rows as unknown[];

  /** Moves the revision on, and says so on `revisionChannel` when the transaction commits. */
  async function bumpRevision(client: Queryable): Promise<void> {
    await run(
      client,
      `WITH bumped AS (UPDATE store_revision SET value = value + 1 WHERE id = 1 RETURNING value)
       SELECT pg_notify($1, value::text) FROM bumped`,
      [revisionChannel]
    );
  }

  async function appendLine(client: Queryable, event: TimelineEvent): Promise<void> {
    await run(client, 'INSERT INTO timeline (phone, at_ms, type, campaign_id, list_id, data_json) VALUES ($1, $2, $3, $4, $5, $6::jsonb)', lineValues(event));
  }

  /**
   * Locks a recipient's list row, then the recipient's row (the order every transaction that moves
   * recipients keeps), in one statement; answers the recipient's state, its list's stop and whether
   * `phone` is opted out. Throws if there is no such recipient.
   */
  async function lockRecipient(client: Queryable, listId: string, row: number, phone: string | null = null): Promise<LockedRecipient> {
    const locked = await lockRecipientOrNull(client, listId, row, phone);
    if (locked === null) throw new RangeError(`List "${listId}" has no row ${row}.`);
    return locked;
  }

  /** As lockRecipient; null when the list is gone (its campaign deleted), and a missing row still an error. */
  async function lockRecipientOrNull(client: Queryable, listId: string, row: number, phone: string | null): Promise<LockedRecipient | null> {
    const { rows } = await run(
      client,
      `SELECT r.state, l.stopped_at_ms, EXISTS (SELECT 1 FROM opt_outs o WHERE o.phone = $3) AS opted_out
       FROM lists l JOIN recipients r ON r.list_id = l.id
       WHERE l.id = $1 AND r.row = $2
       FOR NO KEY UPDATE OF l FOR UPDATE OF r`,
      [listId, row, phone]
    );
    if (rows[0] === undefined) {
      const list = await run(client, 'SELECT 1 FROM lists WHERE id = $1', [listId]);
      if (list.rows.length === 0) return null;
      throw new RangeError(`List "${listId}" has no row ${row}.`);
    }
    return parseRow(lockedRecipientRow, rows[0], `recipients["${listId}"#${row}]`);
  }

  /** Moves a recipient locked by `lockRecipient` and its list's counts. */
  async function moveRecipient(client: Queryable, listId: string, row: number, from: RecipientState, to: RecipientState): Promise<void> {
    if (from === to) return;
    await run(
      client,
      `WITH moved AS (UPDATE recipients SET state = $3 WHERE list_id = $1 AND row = $2)
       UPDATE lists SET ${countMove(from, to)} WHERE id = $1`,
      [listId, row, to]
    );
  }

  async function attemptOrNull(sql: string, values: unknown[], client: Queryable = db): Promise<AttemptRow | null> {
    const { rows } = await run(client, sql, values);
    return rows[0] === undefined ? null : attemptRowOf(rows[0]);
  }

  async function mustHaveList(listId: string): Promise<void> {
    if ((await query('SELECT 1 FROM lists WHERE id = $1', [listId])).length === 0) throw new Error(`No list "${listId}" in the store.`);
  }

  return {
    async haltCampaign(id, halted) {
      return tx(async (client) => {
        const { rowCount } = await run(client, 'UPDATE campaigns SET halted_at_ms = $2, halted_code = $3, halted_message = $4 WHERE id = $1 AND halted_at_ms IS NULL', [
          id,
          halted.at.epochMilliseconds,
          halted.code,
          halted.message
        ]);
        if (rowCount !== 1) return false;
        await bumpRevision(client);
        return true;
      });
    },
    async saveCampaign(c: CampaignRecord) {
      await tx(async (client) => {
        await run(
          client,
          `INSERT INTO campaigns (id, name, time_zone, hours_json, rate_messages, rate_per_seconds, daily_limit, message, sender,
                                  halted_at_ms, halted_code, halted_message)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, hours_json = excluded.hours_json,
             rate_messages = excluded.rate_messages, rate_per_seconds = excluded.rate_per_seconds, daily_limit = excluded.daily_limit,
             message = excluded.message, sender = excluded.sender, halted_at_ms = excluded.halted_at_ms, halted_code = excluded.halted_code,
             halted_message = excluded.halted_message`,
          [
            c.id,
            c.name,
            c.timeZone,
            JSON.stringify(c.hours),
            c.rate.messages,
            c.rate.perSeconds,
            c.dailyLimit,
            c.message,
            c.sender,
            c.halted === null ? null : c.halted.at.epochMilliseconds,
            c.halted?.code ?? null,
            c.halted?.message ?? null
          ]
        );
        await bumpRevision(client);
      });
    },
    async campaign(id) {
      const [row] = await query(`SELECT ${campaignColumns} FROM campaigns WHERE id = $1`, [id]);
      return row === undefined ? null : campaignOf(row);
    },
    async campaigns() {
      return (await query(`SELECT ${campaignColumns} FROM campaigns ORDER BY id`)).map(campaignOf);
    },
    async deleteCampaign(id) {
      await tx(async (client) => {
        // Lists first, each locked as a claim would lock it, then the campaign (cascading to the rest).
        await run(client, 'SELECT 1 FROM lists WHERE campaign_id = $1 ORDER BY id FOR NO KEY UPDATE', [id]);
        await run(client, 'DELETE FROM campaigns WHERE id = $1', [id]);
        await bumpRevision(client);
      });
    },

    async addList(list: ListRecord, recipients: readonly RecipientRecord[]) {
      await tx(async (client) => {
        const { rowCount } = await run(
          client,
          `INSERT INTO lists (id, campaign_id, file_name, created_at_ms, start_after_ms, end_before_ms, stopped_at_ms, total, n_pending)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING`,
          [
            list.id,
            list.campaignId,
            list.fileName,
            list.createdAt.epochMilliseconds,
            list.startAfter.epochMilliseconds,
            msOrNull(list.endBefore),
            msOrNull(list.stoppedAt),
            recipients.length
          ]
        );
        if (rowCount === 0) throw new Error(`The store already has a list "${list.id}".`);
        // In batches of rows as arrays (one statement each, whatever the batch's size), all in
        // this one transaction: a list is there whole or not at all.
        for (let from = 0; from < recipients.length; from += addListBatchSize) {
          const batch = recipients.slice(from, from + addListBatchSize);
          await run(
            client,
            `INSERT INTO recipients (list_id, row, phone, name, time_zone, variables_json, state)
             SELECT $1, r.row, r.phone, r.name, r.time_zone, r.variables::jsonb, 'pending'
             FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[]) AS r (row, phone, name, time_zone, variables)`,
            [
              list.id,
              batch.map((_, i) => from + i),
              batch.map((r) => r.phone),
              batch.map((r) => r.name),
              batch.map((r) => r.timeZone),
              batch.map((r) => JSON.stringify(r.variables))
            ]
          );
        }
        await bumpRevision(client);
      });
    },
    async list(id) {
      const [row] = await query(`SELECT ${listColumns} FROM lists WHERE id = $1`, [id]);
      return row === undefined ? null : listOf(row);
    },
    async lists(campaignId) {
      return (await query(`SELECT ${listColumns} FROM lists WHERE campaign_id = $1 ORDER BY start_after_ms, created_at_ms, id`, [campaignId])).map(listOf);
    },
    async stopList(id, at) {
      await tx(async (client) => {
        const { rowCount } = await run(client, 'UPDATE lists SET stopped_at_ms = coalesce(stopped_at_ms, $2) WHERE id = $1', [id, at.epochMilliseconds]);
        if (rowCount === 0) throw new Error(`No list "${id}" in the store.`);
        await bumpRevision(client);
      });
    },

    async recipients(listId) {
      const rows = await query('SELECT phone, name, time_zone, variables_json FROM recipients WHERE list_id = $1 ORDER BY row', [listId]);
      if (rows.length === 0) await mustHaveList(listId);
      return rows.map((row, index) => recipientOf(row, listId, index));
    },
    async recipientStates(listId) {
      const rows = await query('SELECT state FROM recipients WHERE list_id = $1 ORDER BY row', [listId]);
      if (rows.length === 0) await mustHaveList(listId);
      return rows.map((row, index) => parseRow(recipientStateColumn, (row as { state: unknown }).state, `recipients["${listId}"#${index}].state`));
    },
    async listCounts(listId) {
      const [row] = await query(`SELECT ${countsColumns} FROM lists WHERE id = $1`, [listId]);
      if (row === undefined) throw new Error(`No list "${listId}" in the store.`);
      return countsOf(row, listId);
    },
    async retriesOf(listId, row) {
      const [found] = await query('SELECT retries FROM recipients WHERE list_id = $1 AND row = $2', [listId, row]);
      if (found === undefined) throw new RangeError(`List "${listId}" has no row ${row}.`);
      return (found as { retries: number }).retries;
    },

    async claim(attempt, lease) {
      const { rows } = await statement('SELECT claim_attempt($1, $2, $3, $4, $5, $6, $7, $8, $9) AS claim', [
        attempt.id,
        attempt.campaignId,
        attempt.listId,
        attempt.row,
        attempt.phone,
        attempt.body,
        attempt.atMs,
        lease?.name ?? null,
        lease?.holder ?? null
      ]);
      const { claim } = parseRow(claimRow, rows[0], `claim_attempt("${attempt.id}")`);
      if (claim === 'no_such_row') throw new RangeError(`List "${attempt.listId}" has no row ${attempt.row}.`);
      if (claim === 'attempt_exists') throw new Error(`The store already has an attempt "${attempt.id}".`);
      return claim;
    },

    async finishAttempt(id, end) {
      const { result } = end;
      const line = end.timeline === null ? null : lineValues(end.timeline);
      const { rows } = await statement('SELECT finish_attempt($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) AS finished', [
        id,
        result.outcome,
        result.outcome === 'sent' ? result.providerId : null,
        result.outcome === 'sent' ? result.status : null,
        'code' in result ? result.code : null,
        result.outcome === 'retry' ? result.retryAtMs : null,
        end.recipientState,
        result.outcome === 'retry' ? 1 : 0,
        ...(line ?? [null, null, null, null, null, null]),
        end.optOutAtMs,
        deliveryLockNamespace,
        movesForwardFrom
      ]);
      return parseRow(finishedRow, rows[0], `finish_attempt("${id}")`).finished;
    },

    async applyDelivery(report) {
      const { rows } = await statement('SELECT * FROM apply_delivery($1, $2, $3, $4, $5, $6, $7)', [
        report.providerId,
        report.status,
        report.atMs,
        report.errorCode,
        deliveryLockNamespace,
        movesForwardFrom,
        pendingReportLifeMs
      ]);
      if (rows[0] === undefined) return null;
      const { moved, ...attempt } = parseRow(appliedDeliveryRow, rows[0], `apply_delivery("${report.providerId}")`);
      return { attempt: attemptOf(attempt), moved };
    },

    async recordInbound(report) {
      return tx(async (client) => {
        const last = await attemptOrNull(`SELECT ${attemptColumns} FROM attempts WHERE phone = $1 AND outcome = 'sent' ORDER BY seq DESC LIMIT 1`, [report.from], client);
        if (report.kind === 'opt_out') {
          await run(client, 'INSERT INTO opt_outs (phone, at_ms) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [report.from, report.atMs]);
        }
        if (report.kind === 'opt_in') await run(client, 'DELETE FROM opt_outs WHERE phone = $1', [report.from]);
        const event: TimelineEvent = {
          type: report.kind,
          at: Temporal.Instant.fromEpochMilliseconds(report.atMs),
          phone: report.from,
          body: report.body,
          campaignId: last?.campaign_id ?? null,
          listId: last?.list_id ?? null
        };
        await appendLine(client, event);
        return event;
      });
    },

    async setRecipientState(listId, row, state) {
      await tx(async (client) => {
        const { state: from } = await lockRecipient(client, listId, row);
        await moveRecipient(client, listId, row, from, state);
      });
    },

    async attemptByProviderId(providerId) {
      const row = await attemptOrNull(`SELECT ${attemptColumns} FROM attempts WHERE provider_id = $1 AND outcome = 'sent' ORDER BY seq DESC LIMIT 1`, [providerId]);
      return row === null ? null : attemptOf(row);
    },
    async unfinishedAttempts() {
      return (await query(`SELECT ${attemptColumns} FROM attempts WHERE outcome = 'sending' ORDER BY seq`)).map((row) => attemptOf(attemptRowOf(row)));
    },
    async attempts(campaignId) {
      return (await query(`SELECT ${attemptColumns} FROM attempts WHERE campaign_id = $1 ORDER BY seq`, [campaignId])).map((row) => attemptOf(attemptRowOf(row)));
    },
    async lastSentTo(phone) {
      const row = await attemptOrNull(`SELECT ${attemptColumns} FROM attempts WHERE phone = $1 AND outcome = 'sent' ORDER BY seq DESC LIMIT 1`, [phone]);
      return row === null ? null : attemptOf(row);
    },

    async appendTimeline(event) {
      await appendLine(db, event);
    },
    async timeline(phone) {
      return (await query(`SELECT ${timelineColumns} FROM timeline WHERE phone = $1 ORDER BY seq`, [phone])).map(timelineEventOf);
    },
    async timelineEvents() {
      return (await query(`SELECT ${timelineColumns} FROM timeline ORDER BY seq`)).map(timelineEventOf);
    },

    async setOptedOut(phone, optedOut, at) {
      if (optedOut) await query('INSERT INTO opt_outs (phone, at_ms) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [phone, at.epochMilliseconds]);
      else await query('DELETE FROM opt_outs WHERE phone = $1', [phone]);
    },
    async isOptedOut(phone) {
      return (await query('SELECT 1 FROM opt_outs WHERE phone = $1', [phone])).length > 0;
    },

    async acquireLease(name, holder, nowMs, ttlMs) {
      // One statement: taken if free, renewed if its own, taken over if expired. It waits for the
      // claims that hold the lease row `FOR SHARE` (see above) before it changes the holder.
      const rows = await query(
        `INSERT INTO leases (name, holder, expires_at_ms) VALUES ($1, $2, $3::bigint + $4::bigint)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
         WHERE leases.holder = excluded.holder OR leases.expires_at_ms <= $3::bigint
         RETURNING 1`,
        [name, holder, nowMs, ttlMs]
      );
      return rows.length > 0;
    },
    async releaseLease(name, holder) {
      await query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
    },
    async leases(prefix, nowMs) {
      const rows = await query('SELECT name, holder, expires_at_ms FROM leases WHERE left(name, length($1)) = $1 AND expires_at_ms > $2::bigint ORDER BY name', [prefix, nowMs]);
      return rows.map((row, i) => {
        const lease = parseRow(namedLeaseRow, row, `leases[${i}]`);
        return { name: lease.name, holder: lease.holder, expiresAtMs: lease.expires_at_ms };
      });
    },
    async campaignsToSend(nowMs) {
      const rows = await query(campaignsToSendSql, [nowMs]);
      return rows.map((row, i) => parseRow(idRow, row, `campaigns[${i}]`).id);
    },
    async revision() {
      const [row] = await query('SELECT value FROM store_revision WHERE id = 1');
      return Number((row as { value: string }).value);
    }
  };
}

// ---------------------------------------------------------------------------------------------

/** See the port's `campaignsToSend`: the lists' counters answer it without reading a recipient. */
const campaignsToSendSql = `
  SELECT DISTINCT l.campaign_id AS id FROM lists l JOIN campaigns c ON c.id = l.campaign_id
  WHERE l.n_sending > 0
     OR (c.halted_at_ms IS NULL AND l.n_pending > 0 AND l.stopped_at_ms IS NULL AND (l.end_before_ms IS NULL OR l.end_before_ms > $1::bigint))
  ORDER BY id`;

/**
 * The SET clause moving one recipient's count from state `from` to `to` (empty when they are the
 * same). Column names come from the closed list of states, never from input.
 */
function countMove(from: RecipientState, to: RecipientState): string {
  return from === to ? '' : `n_${from} = n_${from} - 1, n_${to} = n_${to} + 1`;
}

/** A connection in a transaction, or the pool for a statement on its own. */
type Queryable = Pick<pg.ClientBase, 'query'>;

type Statement = (text: string, values: unknown[]) => Promise<pg.QueryResult>;

/** The columns of a timeline row for `event`, in the order the timeline's INSERTs take them. */
function lineValues(event: TimelineEvent): [string, number, string, string | null, string | null, string] {
  const about = 'campaignId' in event ? event : { campaignId: null, listId: null };
  return [event.phone, atMsOf(event), event.type, about.campaignId, about.listId, timelineData(event)];
}

/**
 * Core's rule for delivery statuses (a report only moves a status forward), as the SQL functions
 * take it: each status with the statuses a report of it moves forward from.
 */
const movesForwardFrom = JSON.stringify(
  Object.fromEntries(deliveryStatuses.map((reported) => [reported, deliveryStatuses.filter((current) => movesDeliveryStatusForward(current, reported))]))
);

/**
 * Runs a statement as a prepared statement named after its text: each connection parses and plans
 * it once, not at every call (a third of a send's time in the store). The texts are a fixed set.
 */
function run<R extends pg.QueryResultRow = pg.QueryResultRow>(client: Queryable, text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `proactive_sms_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return client.query<R>({ name, text, values });
}
const statementNames = new Map<string, string>();

/** How long a delivery report for a provider id no attempt has is kept, waiting for that attempt. */
const pendingReportLifeMs = 24 * 60 * 60 * 1000;

/** Recipients per INSERT in `addList`: five arrays of this many values, about a megabyte of text. */
const addListBatchSize = 5_000;
