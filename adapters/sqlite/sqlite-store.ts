import { Temporal } from 'temporal-polyfill';
import type Database from 'better-sqlite3';
import { advanceDeliveryStatus } from '../../core/campaign/delivery-status.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import { atMsOf, OutboundLine, StatusLine } from '../../core/campaign/timeline-lines.js';
import type { DeliveryStatus } from '../../core/ports/provider.js';
import {
  recipientStates,
  type CampaignRecord,
  type DeliveryApplied,
  type DeliveryReport,
  type ListCounts,
  type ListRecord,
  type RecipientRecord,
  type RecipientState,
  type SendAttempt,
  type Store
} from '../../core/ports/store.js';
import { asDatabaseFileError } from './database-file-error.js';
import { hoursColumn, parseColumn, timelineData, timelineDataColumn, variablesColumn } from '../sql/json-columns.js';

/**
 * The Store in an SQLite database opened by `openSqliteDatabase` (which owns the connection's
 * settings and the schema). Every method is one transaction on prepared statements made once;
 * those that read before they write take the write lock first (`BEGIN IMMEDIATE`), so that
 * another process's commit in between cannot make them fail half way. Instants are kept to the
 * millisecond. Errors that are about the file (read-only, full disk) become DatabaseFileError.
 *
 * Durability: on a connection with `synchronous = NORMAL` (openSqliteDatabase's), the commits a
 * power cut must not undo are made with `synchronous = FULL`, which syncs the write-ahead log and
 * with it every commit before: a claim (undone, its recipient would be pending again and texted
 * twice), an opt-out or opt-in, a list added or stopped, a campaign saved or deleted. Finishes and
 * delivery reports stay NORMAL: a power cut can lose those made since the last synced commit,
 * which leaves attempts `sending` that start-up reconciles with the provider, and delivery
 * statuses a step behind. A connection set to FULL (or OFF, for a throwaway run) is left as set.
 *
 * That is one disk sync per send: on a disk that syncs in 1 ms, at most about 1,000 sends a
 * second, far above what a provider takes from one sender, but below what a simulation or a
 * benchmark wants. `syncClaims: false` leaves every commit NORMAL: about 8,000 sends a second on
 * one core, and after a power cut the recipients claimed since the last checkpoint (a few hundred
 * sends at most) are pending again and may be texted twice. A killed process loses nothing either way.
 */
export function createSqliteStore(db: Database.Database, options: { syncClaims?: boolean } = {}): Store {
  const q = statements(db);
  const path = db.name;
  const raiseToFull = options.syncClaims !== false && db.pragma('synchronous', { simple: true }) === synchronousNormal;
  const syncFull = db.prepare('PRAGMA synchronous = FULL');
  const syncNormal = db.prepare('PRAGMA synchronous = NORMAL');

  /** Runs `work` (a transaction) so that its commit survives a power cut; see above. */
  function durably<T>(work: () => T): T {
    if (!raiseToFull) return work();
    syncFull.run();
    try {
      return work();
    } finally {
      syncNormal.run();
    }
  }

  function bumpRevision(): void {
    q.bumpRevision.run();
  }

  function listRow(id: string): ListRow {
    const row = q.list.get(id) as ListRow | undefined;
    if (row === undefined) throw new Error(`No list "${id}" in the store.`);
    return row;
  }

  function moveRecipient(listId: string, row: number, from: RecipientState, to: RecipientState): void {
    if (from === to) return;
    q.setRecipientState.run(to, listId, row);
    q.moveCount.run({ listId, from, to });
  }

  function appendLine(event: TimelineEvent): void {
    const about = 'campaignId' in event ? event : { campaignId: null, listId: null };
    q.appendTimeline.run(event.phone, atMsOf(event), event.type, about.campaignId, about.listId, timelineData(event));
  }

  /** Moves a sent attempt's delivery status forward; a status line when it moved. */
  function deliver(attempt: AttemptRow, report: DeliveryReport): DeliveryApplied {
    const current = attempt.delivery_status as DeliveryStatus;
    const next = advanceDeliveryStatus(current, report.status);
    if (next === current) return { attempt: attemptOf(attempt), moved: null };
    q.setDeliveryStatus.run(next, attempt.seq);
    appendLine(new StatusLine(report.atMs, attempt.phone, attempt.campaign_id, attempt.list_id, report.providerId, next, report.errorCode));
    return { attempt: attemptOf({ ...attempt, delivery_status: next }), moved: next };
  }

  const claim = db.transaction((attempt: Parameters<Store['claim']>[0], lease: Parameters<Store['claim']>[1]) => {
    if (lease !== undefined) {
      const held = q.lease.get(lease.name) as LeaseRow | undefined;
      if (held === undefined || held.holder !== lease.holder || held.expires_at_ms <= attempt.atMs) return 'lease_lost' as const;
    }
    const recipient = q.claimable.get(attempt.listId, attempt.row) as { state: RecipientState; stopped_at_ms: number | null } | undefined;
    if (recipient === undefined) {
      if (q.list.get(attempt.listId) === undefined) return 'not_claimable' as const;
      throw new RangeError(`List "${attempt.listId}" has no row ${attempt.row}.`);
    }
    if (recipient.state !== 'pending' || (recipient.stopped_at_ms !== null && recipient.stopped_at_ms <= attempt.atMs)) {
      return 'not_claimable' as const;
    }
    if (q.optedOut.get(attempt.phone) !== undefined) {
      moveRecipient(attempt.listId, attempt.row, 'pending', 'opted_out');
      return 'opted_out' as const;
    }
    if (q.attemptById.get(attempt.id) !== undefined) throw new Error(`The store already has an attempt "${attempt.id}".`);
    q.insertAttempt.run(attempt.id, attempt.campaignId, attempt.listId, attempt.row, attempt.phone, attempt.body, attempt.atMs);
    moveRecipient(attempt.listId, attempt.row, 'pending', 'sending');
    return 'claimed' as const;
  });

  const finishAttempt = db.transaction((id: string, end: Parameters<Store['finishAttempt']>[1]) => {
    const attempt = q.attemptById.get(id) as AttemptRow | undefined;
    if (attempt === undefined || attempt.outcome !== 'sending') return false;
    const { result } = end;
    q.finishAttempt.run(
      result.outcome,
      result.outcome === 'sent' ? result.providerId : null,
      result.outcome === 'sent' ? result.status : null,
      'code' in result ? result.code : null,
      result.outcome === 'retry' ? result.retryAtMs : null,
      attempt.seq
    );
    // The recipient is normally `sending`; an administrator may have moved it meanwhile.
    const from = q.recipientState.get(attempt.list_id, attempt.row) as RecipientState;
    moveRecipient(attempt.list_id, attempt.row, from, end.recipientState);
    if (result.outcome === 'retry') {
      q.countRetry.run(attempt.list_id, attempt.row);
      q.countListRetry.run(attempt.list_id);
    }
    if (result.outcome === 'sent') q.countSent.run({ atMs: attempt.at_ms, listId: attempt.list_id });
    if (end.timeline !== null) appendLine(end.timeline);
    if (end.optOutAtMs !== null) q.optOut.run(attempt.phone, end.optOutAtMs);
    if (result.outcome === 'sent') {
      const early = q.pendingReports.all(result.providerId) as PendingReportRow[];
      if (early.length > 0) {
        let row: AttemptRow = { ...attempt, outcome: 'sent', provider_id: result.providerId, delivery_status: result.status };
        for (const report of early) {
          const applied = deliver(row, { providerId: report.provider_id, status: report.status, atMs: report.at_ms, errorCode: report.error_code });
          row = { ...row, delivery_status: applied.attempt.deliveryStatus };
        }
        q.dropPendingReports.run(result.providerId);
      }
    }
    return true;
  });

  const applyDelivery = db.transaction((report: DeliveryReport): DeliveryApplied | null => {
    const attempt = q.attemptByProviderId.get(report.providerId) as AttemptRow | undefined;
    if (attempt !== undefined) return deliver(attempt, report);
    // Reports for messages no attempt will ever have (another sender on the account) are not
    // kept for ever: a response overtaken by its callback comes within seconds, not a day.
    q.forgetPendingReportsBefore.run(report.atMs - pendingReportLifeMs);
    q.keepPendingReport.run(report.providerId, report.status, report.atMs, report.errorCode);
    return null;
  });

  const recordInbound = db.transaction((report: Parameters<Store['recordInbound']>[0]): TimelineEvent => {
    const last = q.lastSentTo.get(report.from) as AttemptRow | undefined;
    if (report.kind === 'opt_out') q.optOut.run(report.from, report.atMs);
    if (report.kind === 'opt_in') q.optIn.run(report.from);
    const event: TimelineEvent = {
      type: report.kind,
      at: Temporal.Instant.fromEpochMilliseconds(report.atMs),
      phone: report.from,
      body: report.body,
      campaignId: last?.campaign_id ?? null,
      listId: last?.list_id ?? null
    };
    appendLine(event);
    return event;
  });

  const addList = db.transaction((list: ListRecord, recipients: readonly RecipientRecord[]) => {
    if (q.list.get(list.id) !== undefined) throw new Error(`The store already has a list "${list.id}".`);
    q.insertList.run(
      list.id,
      list.campaignId,
      list.fileName,
      list.createdAt.epochMilliseconds,
      list.startAfter.epochMilliseconds,
      msOrNull(list.endBefore),
      msOrNull(list.stoppedAt),
      recipients.length,
      recipients.length
    );
    for (let row = 0; row < recipients.length; row += 1) {
      const r = recipients[row] as RecipientRecord;
      q.insertRecipient.run(list.id, row, r.phone, r.name, r.timeZone, JSON.stringify(r.variables));
    }
    bumpRevision();
  });

  const saveCampaign = db.transaction((c: CampaignRecord) => {
    q.saveCampaign.get().run({
      id: c.id,
      name: c.name,
      timeZone: c.timeZone,
      hours: JSON.stringify(c.hours),
      rateMessages: c.rate.messages,
      ratePerSeconds: c.rate.perSeconds,
      dailyLimit: c.dailyLimit,
      message: c.message,
      sender: c.sender,
      haltedAtMs: c.halted === null ? null : c.halted.at.epochMilliseconds,
      haltedCode: c.halted?.code ?? null,
      haltedMessage: c.halted?.message ?? null
    });
    bumpRevision();
  });

  const haltCampaign = db.transaction((id: string, halted: NonNullable<CampaignRecord['halted']>) => {
    const moved = q.haltCampaign.run(halted.at.epochMilliseconds, halted.code, halted.message, id).changes === 1;
    if (moved) bumpRevision();
    return moved;
  });

  const deleteCampaign = db.transaction((id: string) => {
    q.deleteCampaign.run(id);
    bumpRevision();
  });

  const stopList = db.transaction((id: string, at: Temporal.Instant) => {
    if (q.stopList.run(at.epochMilliseconds, id).changes === 0) throw new Error(`No list "${id}" in the store.`);
    bumpRevision();
  });

  const setRecipientState = db.transaction((listId: string, row: number, state: RecipientState) => {
    const from = q.recipientState.get(listId, row) as RecipientState | undefined;
    if (from === undefined) throw new RangeError(`List "${listId}" has no row ${row}.`);
    moveRecipient(listId, row, from, state);
  });

  const acquireLease = db.transaction((name: string, holder: string, nowMs: number, ttlMs: number) => {
    const held = q.lease.get(name) as LeaseRow | undefined;
    if (held !== undefined && held.holder !== holder && held.expires_at_ms > nowMs) return false;
    q.takeLease.run(name, holder, nowMs + ttlMs);
    return true;
  });

  /** Runs `work` as the port promises: a settled promise, a file problem as DatabaseFileError. */
  function run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(asDatabaseFileError(error, path));
    }
  }

  return {
    saveCampaign: (campaign) => run(() => durably(() => saveCampaign.immediate(campaign))),
    haltCampaign: (id, halted) => run(() => durably(() => haltCampaign.immediate(id, halted))),
    campaign: (id) =>
      run(() => {
        const row = q.campaign.get(id) as CampaignRow | undefined;
        return row === undefined ? null : campaignOf(row);
      }),
    campaigns: () => run(() => (q.campaigns.all() as CampaignRow[]).map(campaignOf)),
    deleteCampaign: (id) => run(() => durably(() => deleteCampaign.immediate(id))),

    addList: (list, recipients) => run(() => durably(() => addList.immediate(list, recipients))),
    list: (id) =>
      run(() => {
        const row = q.list.get(id) as ListRow | undefined;
        return row === undefined ? null : listOf(row);
      }),
    lists: (campaignId) => run(() => (q.lists.all(campaignId) as ListRow[]).map(listOf)),
    stopList: (id, at) => run(() => durably(() => stopList.immediate(id, at))),

    recipients: (listId) =>
      run(() => {
        listRow(listId);
        return (q.recipients.all(listId) as RecipientRow[]).map(recipientOf);
      }),
    recipientStates: (listId) =>
      run(() => {
        listRow(listId);
        return q.recipientStates.all(listId) as RecipientState[];
      }),
    listCounts: (listId) => run(() => countsOf(listRow(listId))),
    retriesOf: (listId, row) =>
      run(() => {
        const retries = q.retriesOf.get(listId, row) as number | undefined;
        if (retries === undefined) throw new RangeError(`List "${listId}" has no row ${row}.`);
        return retries;
      }),

    claim: (attempt, lease) => run(() => durably(() => claim.immediate(attempt, lease))),
    finishAttempt: (id, end) =>
      run(() => (end.optOutAtMs === null ? finishAttempt.immediate(id, end) : durably(() => finishAttempt.immediate(id, end)))),
    applyDelivery: (report) => run(() => applyDelivery.immediate(report)),
    recordInbound: (report) => run(() => durably(() => recordInbound.immediate(report))),
    setRecipientState: (listId, row, state) => run(() => durably(() => setRecipientState.immediate(listId, row, state))),

    attemptByProviderId: (providerId) => run(() => attemptOrNull(q.attemptByProviderId.get(providerId))),
    unfinishedAttempts: () => run(() => (q.unfinished.all() as AttemptRow[]).map(attemptOf)),
    attempts: (campaignId) => run(() => (q.attemptsOf.all(campaignId) as AttemptRow[]).map(attemptOf)),
    lastSentTo: (phone) => run(() => attemptOrNull(q.lastSentTo.get(phone))),

    appendTimeline: (event) => run(() => appendLine(event)),
    timeline: (phone) => run(() => (q.timelineOf.all(phone) as TimelineRow[]).map(timelineEventOf)),
    timelineEvents: () => run(() => (q.timelineAll.all() as TimelineRow[]).map(timelineEventOf)),

    setOptedOut: (phone, optedOut, at) =>
      run(() =>
        durably(() => {
          if (optedOut) q.optOut.run(phone, at.epochMilliseconds);
          else q.optIn.run(phone);
        })
      ),
    isOptedOut: (phone) => run(() => q.optedOut.get(phone) !== undefined),

    acquireLease: (name, holder, nowMs, ttlMs) => run(() => acquireLease.immediate(name, holder, nowMs, ttlMs)),
    releaseLease: (name, holder) =>
      run(() => {
        q.releaseLease.run(name, holder);
      }),
    leases: (prefix, nowMs) =>
      run(() =>
        (q.leases.all(prefix, prefix, nowMs) as Array<LeaseRow & { name: string }>).map((lease) => ({ name: lease.name, holder: lease.holder, expiresAtMs: lease.expires_at_ms }))
      ),
    campaignsToSend: (nowMs) => run(() => q.campaignsToSend.all(nowMs) as string[]),
    revision: () => run(() => q.revision.get() as number)
  };
}

// ---------------------------------------------------------------------------------------------

/** `PRAGMA synchronous` answers 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
const synchronousNormal = 1;

/** How long a delivery report for a provider id no attempt has is kept, waiting for that attempt. */
const pendingReportLifeMs = 24 * 60 * 60 * 1000;

// Not INSERT OR REPLACE: replacing deletes the row first, and its lists with it (cascade).
const saveCampaignSql = `
      INSERT INTO campaigns (id, name, time_zone, hours_json, rate_messages, rate_per_seconds, daily_limit, message, sender,
                             halted_at_ms, halted_code, halted_message)
      VALUES (@id, @name, @timeZone, @hours, @rateMessages, @ratePerSeconds, @dailyLimit, @message, @sender, @haltedAtMs, @haltedCode, @haltedMessage)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, hours_json = excluded.hours_json,
        rate_messages = excluded.rate_messages, rate_per_seconds = excluded.rate_per_seconds, daily_limit = excluded.daily_limit,
        message = excluded.message, sender = excluded.sender, halted_at_ms = excluded.halted_at_ms, halted_code = excluded.halted_code,
        halted_message = excluded.halted_message`;

function lazily<T>(make: () => T): { get(): T } {
  let made: { value: T } | null = null;
  return {
    get() {
      made ??= { value: make() };
      return made.value;
    }
  };
}

function statements(db: Database.Database) {
  const attemptColumns = 'seq, id, campaign_id, list_id, row, phone, body, at_ms, outcome, provider_id, delivery_status, code, retry_at_ms';
  return {
    bumpRevision: db.prepare('UPDATE store_revision SET value = value + 1 WHERE id = 1'),
    revision: db.prepare('SELECT value FROM store_revision WHERE id = 1').pluck(),

    // Prepared on first use: a version 1 file opened read-only (a status report, which cannot
    // migrate) has no sender column, and only this write names it.
    saveCampaign: lazily(() => db.prepare(saveCampaignSql)),
    campaign: db.prepare('SELECT * FROM campaigns WHERE id = ?'),
    campaigns: db.prepare('SELECT * FROM campaigns ORDER BY id'),
    deleteCampaign: db.prepare('DELETE FROM campaigns WHERE id = ?'),
    haltCampaign: db.prepare('UPDATE campaigns SET halted_at_ms = ?, halted_code = ?, halted_message = ? WHERE id = ? AND halted_at_ms IS NULL'),

    insertList: db.prepare(`
      INSERT INTO lists (id, campaign_id, file_name, created_at_ms, start_after_ms, end_before_ms, stopped_at_ms, total, n_pending)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    list: db.prepare('SELECT * FROM lists WHERE id = ?'),
    lists: db.prepare('SELECT * FROM lists WHERE campaign_id = ? ORDER BY start_after_ms, created_at_ms, id'),
    stopList: db.prepare('UPDATE lists SET stopped_at_ms = coalesce(stopped_at_ms, ?) WHERE id = ?'),
    moveCount: db.prepare(`
      UPDATE lists SET
        n_pending = n_pending + (@to = 'pending') - (@from = 'pending'),
        n_sending = n_sending + (@to = 'sending') - (@from = 'sending'),
        n_sent = n_sent + (@to = 'sent') - (@from = 'sent'),
        n_failed = n_failed + (@to = 'failed') - (@from = 'failed'),
        n_opted_out = n_opted_out + (@to = 'opted_out') - (@from = 'opted_out'),
        n_unknown = n_unknown + (@to = 'unknown') - (@from = 'unknown')
      WHERE id = @listId`),
    countSent: db.prepare(`
      UPDATE lists SET first_sent_ms = min(coalesce(first_sent_ms, @atMs), @atMs), last_sent_ms = max(coalesce(last_sent_ms, @atMs), @atMs)
      WHERE id = @listId`),
    countListRetry: db.prepare('UPDATE lists SET retries = retries + 1 WHERE id = ?'),

    insertRecipient: db.prepare(`
      INSERT INTO recipients (list_id, row, phone, name, time_zone, variables_json, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')`),
    recipients: db.prepare('SELECT phone, name, time_zone, variables_json, list_id, row FROM recipients WHERE list_id = ? ORDER BY row'),
    recipientStates: db.prepare('SELECT state FROM recipients WHERE list_id = ? ORDER BY row').pluck(),
    recipientState: db.prepare('SELECT state FROM recipients WHERE list_id = ? AND row = ?').pluck(),
    setRecipientState: db.prepare('UPDATE recipients SET state = ? WHERE list_id = ? AND row = ?'),
    retriesOf: db.prepare('SELECT retries FROM recipients WHERE list_id = ? AND row = ?').pluck(),
    countRetry: db.prepare('UPDATE recipients SET retries = retries + 1 WHERE list_id = ? AND row = ?'),
    claimable: db.prepare(`
      SELECT r.state, l.stopped_at_ms FROM recipients r JOIN lists l ON l.id = r.list_id WHERE r.list_id = ? AND r.row = ?`),

    insertAttempt: db.prepare(`
      INSERT INTO attempts (id, campaign_id, list_id, row, phone, body, at_ms, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, 'sending')`),
    attemptById: db.prepare(`SELECT ${attemptColumns} FROM attempts WHERE id = ?`),
    finishAttempt: db.prepare(`
      UPDATE attempts SET outcome = ?, provider_id = ?, delivery_status = ?, code = ?, retry_at_ms = ? WHERE seq = ?`),
    setDeliveryStatus: db.prepare('UPDATE attempts SET delivery_status = ? WHERE seq = ?'),
    attemptByProviderId: db.prepare(
      `SELECT ${attemptColumns} FROM attempts WHERE provider_id = ? AND outcome = 'sent' ORDER BY seq DESC LIMIT 1`
    ),
    unfinished: db.prepare(`SELECT ${attemptColumns} FROM attempts WHERE outcome = 'sending' ORDER BY seq`),
    attemptsOf: db.prepare(`SELECT ${attemptColumns} FROM attempts WHERE campaign_id = ? ORDER BY seq`),
    lastSentTo: db.prepare(`SELECT ${attemptColumns} FROM attempts WHERE phone = ? AND outcome = 'sent' ORDER BY seq DESC LIMIT 1`),

    pendingReports: db.prepare('SELECT provider_id, status, at_ms, error_code FROM pending_reports WHERE provider_id = ? ORDER BY seq'),
    keepPendingReport: db.prepare('INSERT INTO pending_reports (provider_id, status, at_ms, error_code) VALUES (?, ?, ?, ?)'),
    dropPendingReports: db.prepare('DELETE FROM pending_reports WHERE provider_id = ?'),
    forgetPendingReportsBefore: db.prepare('DELETE FROM pending_reports WHERE at_ms < ?'),

    appendTimeline: db.prepare(
      'INSERT INTO timeline (phone, at_ms, type, campaign_id, list_id, data_json) VALUES (?, ?, ?, ?, ?, ?)'
    ),
    timelineOf: db.prepare('SELECT seq, phone, at_ms, type, campaign_id, list_id, data_json FROM timeline WHERE phone = ? ORDER BY seq'),
    timelineAll: db.prepare('SELECT seq, phone, at_ms, type, campaign_id, list_id, data_json FROM timeline ORDER BY seq'),

    optOut: db.prepare('INSERT INTO opt_outs (phone, at_ms) VALUES (?, ?) ON CONFLICT (phone) DO NOTHING'),
    optIn: db.prepare('DELETE FROM opt_outs WHERE phone = ?'),
    optedOut: db.prepare('SELECT 1 FROM opt_outs WHERE phone = ?'),

    lease: db.prepare('SELECT holder, expires_at_ms FROM leases WHERE name = ?'),
    takeLease: db.prepare(`
      INSERT INTO leases (name, holder, expires_at_ms) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms`),
    releaseLease: db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?'),
    leases: db.prepare('SELECT name, holder, expires_at_ms FROM leases WHERE substr(name, 1, length(?)) = ? AND expires_at_ms > ? ORDER BY name'),
    // See the port: the lists' counters answer it without reading a recipient.
    campaignsToSend: db
      .prepare(
        `SELECT DISTINCT l.campaign_id FROM lists l JOIN campaigns c ON c.id = l.campaign_id
         WHERE l.n_sending > 0
            OR (c.halted_at_ms IS NULL AND l.n_pending > 0 AND l.stopped_at_ms IS NULL AND (l.end_before_ms IS NULL OR l.end_before_ms > ?))
         ORDER BY l.campaign_id`
      )
      .pluck()
  };
}

interface CampaignRow {
  id: string;
  name: string;
  time_zone: string;
  hours_json: string;
  rate_messages: number;
  rate_per_seconds: number;
  daily_limit: number | null;
  message: string;
  /** Absent from a version 1 file opened read-only (which cannot be migrated). */
  sender?: string | null;
  halted_at_ms: number | null;
  halted_code: string | null;
  halted_message: string | null;
}

interface ListRow {
  id: string;
  campaign_id: string;
  file_name: string | null;
  created_at_ms: number;
  start_after_ms: number;
  end_before_ms: number | null;
  stopped_at_ms: number | null;
  total: number;
  n_pending: number;
  n_sending: number;
  n_sent: number;
  n_failed: number;
  n_opted_out: number;
  n_unknown: number;
  first_sent_ms: number | null;
  last_sent_ms: number | null;
  retries: number;
}

interface RecipientRow {
  list_id: string;
  row: number;
  phone: string;
  name: string | null;
  time_zone: string;
  variables_json: string;
}

interface AttemptRow {
  seq: number;
  id: string;
  campaign_id: string;
  list_id: string;
  row: number;
  phone: string;
  body: string;
  at_ms: number;
  outcome: SendAttempt['outcome'];
  provider_id: string | null;
  delivery_status: DeliveryStatus | null;
  code: string | null;
  retry_at_ms: number | null;
}

interface PendingReportRow {
  provider_id: string;
  status: DeliveryStatus;
  at_ms: number;
  error_code: string | null;
}

interface TimelineRow {
  seq: number;
  phone: string;
  at_ms: number;
  type: TimelineEvent['type'];
  campaign_id: string | null;
  list_id: string | null;
  data_json: string;
}

interface LeaseRow {
  holder: string;
  expires_at_ms: number;
}

const instantOf = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms);
const instantOrNull = (ms: number | null) => (ms === null ? null : instantOf(ms));
const msOrNull = (instant: Temporal.Instant | null) => (instant === null ? null : instant.epochMilliseconds);

function campaignOf(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    hours: parseColumn(hoursColumn, row.hours_json, `campaigns["${row.id}"].hours_json`),
    rate: { messages: row.rate_messages, perSeconds: row.rate_per_seconds },
    dailyLimit: row.daily_limit,
    message: row.message,
    sender: row.sender ?? null,
    halted:
      row.halted_at_ms === null
        ? null
        : { at: instantOf(row.halted_at_ms), code: row.halted_code ?? '', message: row.halted_message ?? '' }
  };
}

function listOf(row: ListRow): ListRecord {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    fileName: row.file_name,
    createdAt: instantOf(row.created_at_ms),
    startAfter: instantOf(row.start_after_ms),
    endBefore: instantOrNull(row.end_before_ms),
    stoppedAt: instantOrNull(row.stopped_at_ms)
  };
}

function countsOf(row: ListRow): ListCounts {
  const states = Object.fromEntries(recipientStates.map((state) => [state, row[`n_${state}`]])) as ListCounts['states'];
  return {
    total: row.total,
    states,
    firstSentAt: instantOrNull(row.first_sent_ms),
    lastSentAt: instantOrNull(row.last_sent_ms),
    retries: row.retries
  };
}

function recipientOf(row: RecipientRow): RecipientRecord {
  return {
    phone: row.phone,
    name: row.name,
    timeZone: row.time_zone,
    variables: parseColumn(variablesColumn, row.variables_json, `recipients["${row.list_id}"#${row.row}].variables_json`)
  };
}

function attemptOf(row: AttemptRow): SendAttempt {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    listId: row.list_id,
    row: row.row,
    phone: row.phone,
    body: row.body,
    atMs: row.at_ms,
    outcome: row.outcome,
    providerId: row.provider_id,
    deliveryStatus: row.delivery_status,
    code: row.code,
    retryAtMs: row.retry_at_ms
  };
}

function attemptOrNull(row: unknown): SendAttempt | null {
  return row === undefined ? null : attemptOf(row as AttemptRow);
}

function timelineEventOf(row: TimelineRow): TimelineEvent {
  const where = `timeline[${row.seq}].data_json`;
  const campaignId = row.campaign_id ?? '';
  const listId = row.list_id ?? '';
  switch (row.type) {
    case 'outbound': {
      const d = parseColumn(timelineDataColumn.outbound, row.data_json, where);
      return new OutboundLine(row.at_ms, row.phone, campaignId, d.campaignName, listId, d.listName, d.body, d.providerId);
    }
    case 'status': {
      const d = parseColumn(timelineDataColumn.status, row.data_json, where);
      return new StatusLine(row.at_ms, row.phone, campaignId, listId, d.providerId, d.status, d.errorCode);
    }
    case 'refused': {
      const d = parseColumn(timelineDataColumn.refused, row.data_json, where);
      return { type: 'refused', at: instantOf(row.at_ms), phone: row.phone, campaignId, listId, reason: d.reason, code: d.code };
    }
    case 'reply':
    case 'opt_out':
    case 'opt_in': {
      const d = parseColumn(timelineDataColumn.customer, row.data_json, where);
      return { type: row.type, at: instantOf(row.at_ms), phone: row.phone, campaignId: row.campaign_id, listId: row.list_id, body: d.body };
    }
    default:
      throw new Error(`timeline[${row.seq}].type: "${String(row.type)}" is not a timeline event type.`);
  }
}
