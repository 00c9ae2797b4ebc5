import { Temporal } from 'temporal-polyfill';
import type pg from 'pg';
import { advanceDeliveryStatus } from '../../core/campaign/delivery-status.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import { atMsOf, StatusLine } from '../../core/campaign/timeline-lines.js';
import type {
  CampaignRecord,
  ClaimResult,
  DeliveryApplied,
  DeliveryReport,
  ListRecord,
  RecipientRecord,
  RecipientState,
  Store
} from '../../core/ports/store.js';
import { deliveryLockNamespace } from './advisory-locks.js';
import {
  attemptOf,
  attemptRowOf,
  campaignOf,
  countsOf,
  leaseRow,
  listOf,
  msOrNull,
  parseRow,
  pendingReportRow,
  recipientOf,
  recipientStateColumn,
  timelineData,
  timelineEventOf,
  type AttemptRow
} from './rows.js';
import { inTransaction } from './transaction.js';

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
 * Transactions that move recipients lock the list's row before the recipient's, in that order
 * everywhere, so that they never wait for each other in a circle.
 */
export function createPostgresStore(pool: pg.Pool): Store {
  const query = async (sql: string, values?: unknown[]) => (await pool.query(sql, values)).rows as unknown[];
  const tx = <T>(work: (client: pg.PoolClient) => Promise<T>) => inTransaction(pool, work);

  async function bumpRevision(client: Queryable): Promise<void> {
    await client.query('UPDATE store_revision SET value = value + 1 WHERE id = 1');
  }

  async function appendLine(client: Queryable, event: TimelineEvent): Promise<void> {
    const about = 'campaignId' in event ? event : { campaignId: null, listId: null };
    await client.query('INSERT INTO timeline (phone, at_ms, type, campaign_id, list_id, data_json) VALUES ($1, $2, $3, $4, $5, $6::jsonb)', [
      event.phone,
      atMsOf(event),
      event.type,
      about.campaignId,
      about.listId,
      timelineData(event)
    ]);
  }

  /** Locks a list's row (see above for the order); throws if there is none. */
  async function lockList(client: Queryable, listId: string): Promise<{ stoppedAtMs: number | null }> {
    const { rows } = await client.query<{ stopped_at_ms: string | null }>('SELECT stopped_at_ms FROM lists WHERE id = $1 FOR NO KEY UPDATE', [listId]);
    const row = rows[0];
    if (row === undefined) throw new Error(`No list "${listId}" in the store.`);
    return { stoppedAtMs: row.stopped_at_ms === null ? null : Number(row.stopped_at_ms) };
  }

  /** Locks a recipient's row (its list's first) and answers its state; throws if there is none. */
  async function lockRecipient(client: Queryable, listId: string, row: number): Promise<RecipientState> {
    const { rows } = await client.query('SELECT state FROM recipients WHERE list_id = $1 AND row = $2 FOR UPDATE', [listId, row]);
    if (rows[0] === undefined) throw new RangeError(`List "${listId}" has no row ${row}.`);
    return parseRow(recipientStateColumn, (rows[0] as { state: unknown }).state, `recipients["${listId}"#${row}].state`);
  }

  async function moveRecipient(client: Queryable, listId: string, row: number, from: RecipientState, to: RecipientState): Promise<void> {
    if (from === to) return;
    await client.query('UPDATE recipients SET state = $3 WHERE list_id = $1 AND row = $2', [listId, row, to]);
    // Column names from the closed list of states, never from input.
    await client.query(`UPDATE lists SET n_${from} = n_${from} - 1, n_${to} = n_${to} + 1 WHERE id = $1`, [listId]);
  }

  /** Moves a sent attempt's delivery status forward; a status line when it moved. */
  async function deliver(client: Queryable, attempt: AttemptRow, report: DeliveryReport): Promise<DeliveryApplied> {
    const current = attempt.delivery_status ?? 'queued';
    const next = advanceDeliveryStatus(current, report.status);
    if (next === current) return { attempt: attemptOf(attempt), moved: null };
    await client.query('UPDATE attempts SET delivery_status = $2 WHERE id = $1', [attempt.id, next]);
    await appendLine(client, new StatusLine(report.atMs, attempt.phone, attempt.campaign_id, attempt.list_id, report.providerId, next, report.errorCode));
    return { attempt: attemptOf({ ...attempt, delivery_status: next }), moved: next };
  }

  async function lockDeliveriesOf(client: Queryable, providerId: string): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [deliveryLockNamespace, providerId]);
  }

  async function attemptOrNull(sql: string, values: unknown[], client: Queryable = pool): Promise<AttemptRow | null> {
    const { rows } = await client.query(sql, values);
    return rows[0] === undefined ? null : attemptRowOf(rows[0]);
  }

  async function mustHaveList(listId: string): Promise<void> {
    if ((await query('SELECT 1 FROM lists WHERE id = $1', [listId])).length === 0) throw new Error(`No list "${listId}" in the store.`);
  }

  return {
    async saveCampaign(c: CampaignRecord) {
      await tx(async (client) => {
        await client.query(
          `INSERT INTO campaigns (id, name, time_zone, hours_json, rate_messages, rate_per_seconds, daily_limit, message,
                                  halted_at_ms, halted_code, halted_message)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, hours_json = excluded.hours_json,
             rate_messages = excluded.rate_messages, rate_per_seconds = excluded.rate_per_seconds, daily_limit = excluded.daily_limit,
             message = excluded.message, halted_at_ms = excluded.halted_at_ms, halted_code = excluded.halted_code,
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
            c.halted === null ? null : c.halted.at.epochMilliseconds,
            c.halted?.code ?? null,
            c.halted?.message ?? null
          ]
        );
        await bumpRevision(client);
      });
    },
    async campaign(id) {
      const [row] = await query('SELECT * FROM campaigns WHERE id = $1', [id]);
      return row === undefined ? null : campaignOf(row);
    },
    async campaigns() {
      return (await query('SELECT * FROM campaigns ORDER BY id')).map(campaignOf);
    },
    async deleteCampaign(id) {
      await tx(async (client) => {
        // Lists first, each locked as a claim would lock it, then the campaign (cascading to the rest).
        await client.query('SELECT 1 FROM lists WHERE campaign_id = $1 ORDER BY id FOR NO KEY UPDATE', [id]);
        await client.query('DELETE FROM campaigns WHERE id = $1', [id]);
        await bumpRevision(client);
      });
    },

    async addList(list: ListRecord, recipients: readonly RecipientRecord[]) {
      await tx(async (client) => {
        const { rowCount } = await client.query(
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
          await client.query(
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
      const [row] = await query('SELECT * FROM lists WHERE id = $1', [id]);
      return row === undefined ? null : listOf(row);
    },
    async lists(campaignId) {
      return (await query('SELECT * FROM lists WHERE campaign_id = $1 ORDER BY start_after_ms, created_at_ms, id', [campaignId])).map(listOf);
    },
    async stopList(id, at) {
      await tx(async (client) => {
        const { rowCount } = await client.query('UPDATE lists SET stopped_at_ms = coalesce(stopped_at_ms, $2) WHERE id = $1', [id, at.epochMilliseconds]);
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
      const [row] = await query('SELECT * FROM lists WHERE id = $1', [listId]);
      if (row === undefined) throw new Error(`No list "${listId}" in the store.`);
      return countsOf(row, listId);
    },
    async retriesOf(listId, row) {
      const [found] = await query('SELECT retries FROM recipients WHERE list_id = $1 AND row = $2', [listId, row]);
      if (found === undefined) throw new RangeError(`List "${listId}" has no row ${row}.`);
      return (found as { retries: number }).retries;
    },

    async claim(attempt, lease) {
      return tx(async (client): Promise<ClaimResult> => {
        if (lease !== undefined) {
          const { rows } = await client.query('SELECT holder, expires_at_ms FROM leases WHERE name = $1 FOR SHARE', [lease.name]);
          const held = rows[0] === undefined ? undefined : parseRow(leaseRow, rows[0], `leases["${lease.name}"]`);
          if (held === undefined || held.holder !== lease.holder || held.expires_at_ms <= attempt.atMs) return 'lease_lost';
        }
        const { stoppedAtMs } = await lockList(client, attempt.listId);
        const state = await lockRecipient(client, attempt.listId, attempt.row);
        if (state !== 'pending' || (stoppedAtMs !== null && stoppedAtMs <= attempt.atMs)) return 'not_claimable';
        const optedOut = await client.query('SELECT 1 FROM opt_outs WHERE phone = $1', [attempt.phone]);
        if (optedOut.rows.length > 0) {
          await moveRecipient(client, attempt.listId, attempt.row, 'pending', 'opted_out');
          return 'opted_out';
        }
        const { rowCount } = await client.query(
          `INSERT INTO attempts (id, campaign_id, list_id, row, phone, body, at_ms, outcome)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending') ON CONFLICT (id) DO NOTHING`,
          [attempt.id, attempt.campaignId, attempt.listId, attempt.row, attempt.phone, attempt.body, attempt.atMs]
        );
        if (rowCount === 0) throw new Error(`The store already has an attempt "${attempt.id}".`);
        await moveRecipient(client, attempt.listId, attempt.row, 'pending', 'sending');
        return 'claimed';
      });
    },

    async finishAttempt(id, end) {
      await tx(async (client) => {
        const found = await attemptOrNull("SELECT * FROM attempts WHERE id = $1 AND outcome = 'sending'", [id], client);
        if (found === null) throw new Error(`No attempt "${id}" under way in the store (unknown, or already finished).`);
        await lockList(client, found.list_id);
        // The recipient is normally `sending`; an administrator may have moved it meanwhile.
        const from = await lockRecipient(client, found.list_id, found.row);
        const attempt = (await attemptOrNull("SELECT * FROM attempts WHERE id = $1 AND outcome = 'sending' FOR UPDATE", [id], client)) ?? undefined;
        if (attempt === undefined) throw new Error(`No attempt "${id}" under way in the store (another process finished it).`);
        const { result } = end;
        if (result.outcome === 'sent') await lockDeliveriesOf(client, result.providerId);
        await client.query('UPDATE attempts SET outcome = $2, provider_id = $3, delivery_status = $4, code = $5, retry_at_ms = $6 WHERE id = $1', [
          id,
          result.outcome,
          result.outcome === 'sent' ? result.providerId : null,
          result.outcome === 'sent' ? result.status : null,
          'code' in result ? result.code : null,
          result.outcome === 'retry' ? result.retryAtMs : null
        ]);
        await moveRecipient(client, attempt.list_id, attempt.row, from, end.recipientState);
        if (result.outcome === 'retry') {
          await client.query('UPDATE recipients SET retries = retries + 1 WHERE list_id = $1 AND row = $2', [attempt.list_id, attempt.row]);
          await client.query('UPDATE lists SET retries = retries + 1 WHERE id = $1', [attempt.list_id]);
        }
        if (result.outcome === 'sent') {
          await client.query(
            `UPDATE lists SET first_sent_ms = least(coalesce(first_sent_ms, $2), $2), last_sent_ms = greatest(coalesce(last_sent_ms, $2), $2)
             WHERE id = $1`,
            [attempt.list_id, attempt.at_ms]
          );
        }
        if (end.timeline !== null) await appendLine(client, end.timeline);
        if (end.optOutAtMs !== null) {
          await client.query('INSERT INTO opt_outs (phone, at_ms) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [attempt.phone, end.optOutAtMs]);
        }
        if (result.outcome === 'sent') {
          const early = await client.query('DELETE FROM pending_reports WHERE provider_id = $1 RETURNING seq, provider_id, status, at_ms, error_code', [
            result.providerId
          ]);
          let row: AttemptRow = { ...attempt, outcome: 'sent', provider_id: result.providerId, delivery_status: result.status };
          const inOrder = [...early.rows].sort((a: { seq: string }, b: { seq: string }) => Number(a.seq) - Number(b.seq));
          for (const kept of inOrder) {
            const report = parseRow(pendingReportRow, kept, `pending_reports[${String(kept.seq)}]`);
            const applied = await deliver(client, row, {
              providerId: report.provider_id,
              status: report.status,
              atMs: report.at_ms,
              errorCode: report.error_code
            });
            row = { ...row, delivery_status: applied.attempt.deliveryStatus };
          }
        }
      });
    },

    async applyDelivery(report) {
      return tx(async (client): Promise<DeliveryApplied | null> => {
        await lockDeliveriesOf(client, report.providerId);
        const attempt = await attemptOrNull(
          "SELECT * FROM attempts WHERE provider_id = $1 AND outcome = 'sent' ORDER BY seq DESC LIMIT 1 FOR UPDATE",
          [report.providerId],
          client
        );
        if (attempt !== null) return deliver(client, attempt, report);
        // Reports for messages no attempt will ever have (another sender on the account) are not
        // kept for ever: a response overtaken by its callback comes within seconds, not a day.
        await client.query('DELETE FROM pending_reports WHERE at_ms < $1', [report.atMs - pendingReportLifeMs]);
        await client.query('INSERT INTO pending_reports (provider_id, status, at_ms, error_code) VALUES ($1, $2, $3, $4)', [
          report.providerId,
          report.status,
          report.atMs,
          report.errorCode
        ]);
        return null;
      });
    },

    async recordInbound(report) {
      return tx(async (client) => {
        const last = await attemptOrNull("SELECT * FROM attempts WHERE phone = $1 AND outcome = 'sent' ORDER BY seq DESC LIMIT 1", [report.from], client);
        if (report.kind === 'opt_out') {
          await client.query('INSERT INTO opt_outs (phone, at_ms) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [report.from, report.atMs]);
        }
        if (report.kind === 'opt_in') await client.query('DELETE FROM opt_outs WHERE phone = $1', [report.from]);
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
        await lockList(client, listId);
        const from = await lockRecipient(client, listId, row);
        await moveRecipient(client, listId, row, from, state);
      });
    },

    async attemptByProviderId(providerId) {
      const row = await attemptOrNull("SELECT * FROM attempts WHERE provider_id = $1 AND outcome = 'sent' ORDER BY seq DESC LIMIT 1", [providerId]);
      return row === null ? null : attemptOf(row);
    },
    async unfinishedAttempts() {
      return (await query("SELECT * FROM attempts WHERE outcome = 'sending' ORDER BY seq")).map((row) => attemptOf(attemptRowOf(row)));
    },
    async attempts(campaignId) {
      return (await query('SELECT * FROM attempts WHERE campaign_id = $1 ORDER BY seq', [campaignId])).map((row) => attemptOf(attemptRowOf(row)));
    },
    async lastSentTo(phone) {
      const row = await attemptOrNull("SELECT * FROM attempts WHERE phone = $1 AND outcome = 'sent' ORDER BY seq DESC LIMIT 1", [phone]);
      return row === null ? null : attemptOf(row);
    },

    async appendTimeline(event) {
      await appendLine(pool, event);
    },
    async timeline(phone) {
      return (await query('SELECT * FROM timeline WHERE phone = $1 ORDER BY seq', [phone])).map(timelineEventOf);
    },
    async timelineEvents() {
      return (await query('SELECT * FROM timeline ORDER BY seq')).map(timelineEventOf);
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
    async revision() {
      const [row] = await query('SELECT value FROM store_revision WHERE id = 1');
      return Number((row as { value: string }).value);
    }
  };
}

// ---------------------------------------------------------------------------------------------

/** A connection in a transaction, or the pool for a statement on its own. */
type Queryable = Pick<pg.ClientBase, 'query'>;

/** How long a delivery report for a provider id no attempt has is kept, waiting for that attempt. */
const pendingReportLifeMs = 24 * 60 * 60 * 1000;

/** Recipients per INSERT in `addList`: five arrays of this many values, about a megabyte of text. */
const addListBatchSize = 5_000;
