/**
 * The first schema. Instants are epoch milliseconds (INTEGER), as the runtime computes with them.
 * Indexes follow the runtime's queries: an attempt by provider id (every delivery callback), the
 * attempts still `sending` (reconciling after a restart), a campaign's attempts in begin order
 * (the throttle and daily counts are replayed from them), the last message sent to a phone (a
 * reply's attribution), a phone's timeline, a list's recipients by row (the primary key).
 */
export const initialSchema = `
CREATE TABLE store_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO store_revision (id, value) VALUES (1, 0);

CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  hours_json TEXT NOT NULL,
  rate_messages REAL NOT NULL,
  rate_per_seconds REAL NOT NULL,
  daily_limit INTEGER,
  message TEXT NOT NULL,
  halted_at_ms INTEGER,
  halted_code TEXT,
  halted_message TEXT
);

-- Counts by state are kept on the list, moved in the same transaction as the recipient, so that
-- a million-recipient list is counted without reading it.
CREATE TABLE lists (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  file_name TEXT,
  created_at_ms INTEGER NOT NULL,
  start_after_ms INTEGER NOT NULL,
  end_before_ms INTEGER,
  stopped_at_ms INTEGER,
  total INTEGER NOT NULL,
  n_pending INTEGER NOT NULL,
  n_sending INTEGER NOT NULL DEFAULT 0,
  n_sent INTEGER NOT NULL DEFAULT 0,
  n_failed INTEGER NOT NULL DEFAULT 0,
  n_opted_out INTEGER NOT NULL DEFAULT 0,
  n_unknown INTEGER NOT NULL DEFAULT 0,
  first_sent_ms INTEGER,
  last_sent_ms INTEGER,
  retries INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX lists_by_campaign ON lists (campaign_id, start_after_ms, created_at_ms, id);

CREATE TABLE recipients (
  list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  phone TEXT NOT NULL,
  name TEXT,
  time_zone TEXT NOT NULL,
  variables_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'opted_out', 'unknown')),
  retries INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (list_id, row)
) WITHOUT ROWID;

-- The send log: one row per provider call, seq in the order they began.
CREATE TABLE attempts (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  phone TEXT NOT NULL,
  body TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sending', 'sent', 'failed', 'opted_out', 'retry', 'unknown', 'halted')),
  provider_id TEXT,
  delivery_status TEXT CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'undelivered', 'failed')),
  code TEXT,
  retry_at_ms INTEGER
);
CREATE INDEX attempts_by_provider_id ON attempts (provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX attempts_unfinished ON attempts (outcome) WHERE outcome = 'sending';
CREATE INDEX attempts_by_campaign ON attempts (campaign_id);
CREATE INDEX attempts_by_list ON attempts (list_id, row);
CREATE INDEX attempts_sent_by_phone ON attempts (phone) WHERE outcome = 'sent';

-- Delivery reports that came before any attempt had their provider id.
CREATE TABLE pending_reports (
  seq INTEGER PRIMARY KEY,
  provider_id TEXT NOT NULL,
  status TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  error_code TEXT
);
CREATE INDEX pending_reports_by_provider_id ON pending_reports (provider_id);
CREATE INDEX pending_reports_by_age ON pending_reports (at_ms);

-- Customers' conversations; data_json holds the fields of each event type beyond these columns.
CREATE TABLE timeline (
  seq INTEGER PRIMARY KEY,
  phone TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  campaign_id TEXT,
  list_id TEXT,
  data_json TEXT NOT NULL
);
CREATE INDEX timeline_by_phone ON timeline (phone);

CREATE TABLE opt_outs (
  phone TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL
);

CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
);

-- What the simulated provider "sent", so that it can reconcile from its own log after a restart.
CREATE TABLE simulated_messages (
  provider_id TEXT PRIMARY KEY,
  to_phone TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE INDEX simulated_messages_by_phone ON simulated_messages (to_phone, created_at_ms);
`;
