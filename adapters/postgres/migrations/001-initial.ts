/**
 * The first schema: the SQLite store's tables with the same names, columns and meaning
 * (adapters/sqlite/migrations/001-initial.ts), in PostgreSQL's types. Instants are epoch
 * milliseconds (bigint), as the runtime computes with them; JSON columns are jsonb. Keys are
 * compared byte by byte (`COLLATE "C"`), so that "ordered by id" is the same order as in the other
 * stores whatever the database's locale.
 */
export const initialSchema = `
CREATE TABLE store_revision (
  id integer PRIMARY KEY CHECK (id = 1),
  value bigint NOT NULL
);
INSERT INTO store_revision (id, value) VALUES (1, 0);

CREATE TABLE campaigns (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL,
  hours_json jsonb NOT NULL,
  rate_messages double precision NOT NULL,
  rate_per_seconds double precision NOT NULL,
  daily_limit integer,
  message text NOT NULL,
  halted_at_ms bigint,
  halted_code text,
  halted_message text
);

-- Counts by state are kept on the list, moved in the same transaction as the recipient, so that
-- a million-recipient list is counted without reading it. A transaction that moves a recipient
-- locks its list's row first, then the recipient's.
CREATE TABLE lists (
  id text COLLATE "C" PRIMARY KEY,
  campaign_id text COLLATE "C" NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  file_name text,
  created_at_ms bigint NOT NULL,
  start_after_ms bigint NOT NULL,
  end_before_ms bigint,
  stopped_at_ms bigint,
  total integer NOT NULL,
  n_pending integer NOT NULL,
  n_sending integer NOT NULL DEFAULT 0,
  n_sent integer NOT NULL DEFAULT 0,
  n_failed integer NOT NULL DEFAULT 0,
  n_opted_out integer NOT NULL DEFAULT 0,
  n_unknown integer NOT NULL DEFAULT 0,
  first_sent_ms bigint,
  last_sent_ms bigint,
  retries integer NOT NULL DEFAULT 0
);
CREATE INDEX lists_by_campaign ON lists (campaign_id, start_after_ms, created_at_ms, id);

CREATE TABLE recipients (
  list_id text COLLATE "C" NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  row integer NOT NULL,
  phone text NOT NULL,
  name text,
  time_zone text NOT NULL,
  variables_json jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'opted_out', 'unknown')),
  retries integer NOT NULL DEFAULT 0,
  PRIMARY KEY (list_id, row)
);

-- The send log: one row per provider call, seq in the order they began.
CREATE TABLE attempts (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  campaign_id text COLLATE "C" NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  list_id text COLLATE "C" NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  row integer NOT NULL,
  phone text NOT NULL,
  body text NOT NULL,
  at_ms bigint NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('sending', 'sent', 'failed', 'opted_out', 'retry', 'unknown', 'halted')),
  provider_id text,
  delivery_status text CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'undelivered', 'failed')),
  code text,
  retry_at_ms bigint
);
CREATE INDEX attempts_sent_by_provider_id ON attempts (provider_id, seq) WHERE outcome = 'sent';
CREATE INDEX attempts_unfinished ON attempts (outcome) WHERE outcome = 'sending';
CREATE INDEX attempts_by_campaign ON attempts (campaign_id, seq);
CREATE INDEX attempts_by_list ON attempts (list_id, row);
CREATE INDEX attempts_sent_by_phone ON attempts (phone, seq) WHERE outcome = 'sent';

-- Delivery reports that came before any attempt had their provider id.
CREATE TABLE pending_reports (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider_id text NOT NULL,
  status text NOT NULL,
  at_ms bigint NOT NULL,
  error_code text
);
CREATE INDEX pending_reports_by_provider_id ON pending_reports (provider_id);
CREATE INDEX pending_reports_by_age ON pending_reports (at_ms);

-- Customers' conversations; data_json holds the fields of each event type beyond these columns.
CREATE TABLE timeline (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone text NOT NULL,
  at_ms bigint NOT NULL,
  type text NOT NULL,
  campaign_id text,
  list_id text,
  data_json jsonb NOT NULL
);
CREATE INDEX timeline_by_phone ON timeline (phone, seq);

CREATE TABLE opt_outs (
  phone text PRIMARY KEY,
  at_ms bigint NOT NULL
);

CREATE TABLE leases (
  name text COLLATE "C" PRIMARY KEY,
  holder text NOT NULL,
  expires_at_ms bigint NOT NULL
);

-- What the simulated provider "sent", so that it can reconcile from its own log after a restart.
CREATE TABLE simulated_messages (
  provider_id text PRIMARY KEY,
  to_phone text NOT NULL,
  body text NOT NULL,
  status text NOT NULL,
  created_at_ms bigint NOT NULL
);
CREATE INDEX simulated_messages_by_phone ON simulated_messages (to_phone, created_at_ms);
`;
