/**
 * A send's writes as three functions, each called in one statement: the claim, the end of the
 * attempt and a delivery report. Each was a transaction of 5 to 7 statements, every one a round
 * trip, and on a machine where PostgreSQL, the workers and the provider share two cores the
 * round trips themselves (a socket write and a wake-up on each side) were most of a send's cost:
 * 25 statements per send with the simulated provider, 12 with Twilio. As functions: 5 and 2.5,
 * and issue 13's benchmark went from 1,076 to 1,942 sends/s (simulated provider, 1 worker), 750
 * to 1,397 (3 workers), 643 to 1,454 (fake Twilio, 1 worker), 667 to 1,338 (3 workers); a
 * worker's CPU per send halved (0.65 to 0.35 ms). Called as one statement, each runs in that statement's
 * own transaction (or the caller's, inside `inPostgresTransaction`), statement after statement
 * as before, under READ COMMITTED, with the same locks taken in the same order:
 * - claim_attempt reads the lease row `FOR SHARE` (the fencing check) before it locks the list
 *   and then the recipient, and moves the recipient only if it is still pending;
 * - finish_attempt takes the provider id's advisory lock before any row lock, as apply_delivery
 *   does, then the list, the recipient and the attempt;
 * - how a delivery status moves is core's rule (core/campaign/delivery-status.ts): the caller
 *   passes it as `forward`, each status mapped to the statuses a report of it moves forward from.
 * The results that are errors for the port ('no_such_row', 'attempt_exists') are thrown by the
 * caller, which names the list, row or attempt.
 */
export const sendFunctionsSchema = `
-- +1 when a recipient moves into state, -1 when it moves out of it, 0 otherwise: one list count's move.
CREATE FUNCTION count_move(state text, from_state text, to_state text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT (to_state = state)::integer - (from_state = state)::integer
$$;

CREATE FUNCTION claim_attempt(p_id text, p_campaign_id text, p_list_id text, p_row integer, p_phone text, p_body text, p_at_ms bigint,
                              p_lease_name text, p_lease_holder text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_state text;
  v_stopped_at_ms bigint;
  v_opted_out boolean;
BEGIN
  IF p_lease_name IS NOT NULL THEN
    PERFORM 1 FROM leases WHERE name = p_lease_name AND holder = p_lease_holder AND expires_at_ms > p_at_ms FOR SHARE;
    IF NOT FOUND THEN
      RETURN 'lease_lost';
    END IF;
  END IF;
  SELECT r.state, l.stopped_at_ms, EXISTS (SELECT 1 FROM opt_outs o WHERE o.phone = p_phone)
    INTO v_state, v_stopped_at_ms, v_opted_out
    FROM lists l JOIN recipients r ON r.list_id = l.id
    WHERE l.id = p_list_id AND r.row = p_row
    FOR NO KEY UPDATE OF l FOR UPDATE OF r;
  IF NOT FOUND THEN
    -- A list that is gone (its campaign deleted) is not claimable; a row it never had is an error.
    RETURN CASE WHEN EXISTS (SELECT 1 FROM lists WHERE id = p_list_id) THEN 'no_such_row' ELSE 'not_claimable' END;
  END IF;
  IF v_state <> 'pending' OR coalesce(v_stopped_at_ms <= p_at_ms, false) THEN
    RETURN 'not_claimable';
  END IF;
  IF v_opted_out THEN
    UPDATE recipients SET state = 'opted_out' WHERE list_id = p_list_id AND row = p_row;
    UPDATE lists SET n_pending = n_pending - 1, n_opted_out = n_opted_out + 1 WHERE id = p_list_id;
    RETURN 'opted_out';
  END IF;
  INSERT INTO attempts (id, campaign_id, list_id, row, phone, body, at_ms, outcome)
  VALUES (p_id, p_campaign_id, p_list_id, p_row, p_phone, p_body, p_at_ms, 'sending')
  ON CONFLICT (id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN 'attempt_exists';
  END IF;
  UPDATE recipients SET state = 'sending' WHERE list_id = p_list_id AND row = p_row;
  UPDATE lists SET n_pending = n_pending - 1, n_sending = n_sending + 1 WHERE id = p_list_id;
  RETURN 'claimed';
END
$$;

-- A delivery report applied to a sent attempt (locked by the caller): its new status and a status
-- line when the report moves it forward; null when it is no news.
CREATE FUNCTION advance_delivery(p_attempt_id text, p_phone text, p_campaign_id text, p_list_id text, p_provider_id text,
                                 p_current text, p_reported text, p_at_ms bigint, p_error_code text, p_forward jsonb)
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF NOT coalesce((p_forward -> p_reported) ? p_current, false) THEN
    RETURN NULL;
  END IF;
  UPDATE attempts SET delivery_status = p_reported WHERE id = p_attempt_id;
  INSERT INTO timeline (phone, at_ms, type, campaign_id, list_id, data_json)
  VALUES (p_phone, p_at_ms, 'status', p_campaign_id, p_list_id,
          jsonb_build_object('providerId', p_provider_id, 'status', p_reported, 'errorCode', p_error_code));
  RETURN p_reported;
END
$$;

-- False when the attempt is no longer 'sending' (settled by another worker) or is gone.
CREATE FUNCTION finish_attempt(p_id text, p_outcome text, p_provider_id text, p_status text, p_code text, p_retry_at_ms bigint,
                               p_recipient_state text, p_retried integer,
                               p_line_phone text, p_line_at_ms bigint, p_line_type text, p_line_campaign_id text, p_line_list_id text, p_line_data jsonb,
                               p_opt_out_at_ms bigint, p_delivery_lock integer, p_forward jsonb)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  v_attempt record;
  v_sent_at_ms bigint;
  v_status text;
  v_report record;
BEGIN
  IF p_outcome = 'sent' THEN
    PERFORM pg_advisory_xact_lock(p_delivery_lock, hashtext(p_provider_id));
  END IF;
  SELECT a.list_id, a.row, a.phone, a.campaign_id, a.at_ms, r.state AS recipient_state INTO v_attempt
    FROM lists l JOIN attempts a ON a.list_id = l.id JOIN recipients r ON r.list_id = a.list_id AND r.row = a.row
    WHERE a.id = p_id AND a.outcome = 'sending'
    FOR NO KEY UPDATE OF l FOR UPDATE OF r, a;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  v_sent_at_ms := CASE WHEN p_outcome = 'sent' THEN v_attempt.at_ms END;
  UPDATE attempts SET outcome = p_outcome, provider_id = p_provider_id, delivery_status = p_status, code = p_code, retry_at_ms = p_retry_at_ms
    WHERE id = p_id;
  -- The recipient is normally 'sending'; an administrator may have moved it meanwhile.
  UPDATE recipients SET state = p_recipient_state, retries = retries + p_retried
    WHERE list_id = v_attempt.list_id AND row = v_attempt.row;
  UPDATE lists SET
      n_pending = n_pending + count_move('pending', v_attempt.recipient_state, p_recipient_state),
      n_sending = n_sending + count_move('sending', v_attempt.recipient_state, p_recipient_state),
      n_sent = n_sent + count_move('sent', v_attempt.recipient_state, p_recipient_state),
      n_failed = n_failed + count_move('failed', v_attempt.recipient_state, p_recipient_state),
      n_opted_out = n_opted_out + count_move('opted_out', v_attempt.recipient_state, p_recipient_state),
      n_unknown = n_unknown + count_move('unknown', v_attempt.recipient_state, p_recipient_state),
      retries = retries + p_retried,
      -- least and greatest leave out nulls.
      first_sent_ms = least(first_sent_ms, v_sent_at_ms),
      last_sent_ms = greatest(last_sent_ms, v_sent_at_ms)
    WHERE id = v_attempt.list_id;
  IF p_line_type IS NOT NULL THEN
    INSERT INTO timeline (phone, at_ms, type, campaign_id, list_id, data_json)
    VALUES (p_line_phone, p_line_at_ms, p_line_type, p_line_campaign_id, p_line_list_id, p_line_data);
  END IF;
  IF p_opt_out_at_ms IS NOT NULL THEN
    INSERT INTO opt_outs (phone, at_ms) VALUES (v_attempt.phone, p_opt_out_at_ms) ON CONFLICT (phone) DO NOTHING;
  END IF;
  IF p_outcome = 'sent' THEN
    -- Reports that came before this attempt had its provider id, applied in the order they came.
    v_status := coalesce(p_status, 'queued');
    FOR v_report IN SELECT status, at_ms, error_code FROM pending_reports WHERE provider_id = p_provider_id ORDER BY seq LOOP
      v_status := coalesce(advance_delivery(p_id, v_attempt.phone, v_attempt.campaign_id, v_attempt.list_id, p_provider_id,
                                            v_status, v_report.status, v_report.at_ms, v_report.error_code, p_forward),
                           v_status);
    END LOOP;
    DELETE FROM pending_reports WHERE provider_id = p_provider_id;
  END IF;
  RETURN true;
END
$$;

-- The report applied to the last sent attempt with its provider id: that attempt as it is now and
-- the status it moved to (null: no news). No row when no attempt has the id yet: the report is
-- kept for it, and reports older than keep_pending_ms before it are dropped (another sender on the
-- account: an answer overtaken by its callback comes within seconds, not a day).
CREATE FUNCTION apply_delivery(p_provider_id text, p_status text, p_at_ms bigint, p_error_code text,
                               p_delivery_lock integer, p_forward jsonb, p_keep_pending_ms bigint)
RETURNS TABLE (id text, campaign_id text, list_id text, "row" integer, phone text, body text, at_ms bigint, outcome text,
               provider_id text, delivery_status text, code text, retry_at_ms bigint, moved text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_attempt attempts;
  v_moved text;
BEGIN
  PERFORM pg_advisory_xact_lock(p_delivery_lock, hashtext(p_provider_id));
  SELECT * INTO v_attempt FROM attempts a WHERE a.provider_id = p_provider_id AND a.outcome = 'sent' ORDER BY a.seq DESC LIMIT 1 FOR UPDATE;
  IF NOT FOUND THEN
    DELETE FROM pending_reports p WHERE p.at_ms < p_at_ms - p_keep_pending_ms;
    INSERT INTO pending_reports (provider_id, status, at_ms, error_code) VALUES (p_provider_id, p_status, p_at_ms, p_error_code);
    RETURN;
  END IF;
  v_moved := advance_delivery(v_attempt.id, v_attempt.phone, v_attempt.campaign_id, v_attempt.list_id, p_provider_id,
                              coalesce(v_attempt.delivery_status, 'queued'), p_status, p_at_ms, p_error_code, p_forward);
  RETURN QUERY SELECT v_attempt.id, v_attempt.campaign_id, v_attempt.list_id, v_attempt.row, v_attempt.phone, v_attempt.body,
                      v_attempt.at_ms, v_attempt.outcome, v_attempt.provider_id, coalesce(v_moved, v_attempt.delivery_status),
                      v_attempt.code, v_attempt.retry_at_ms, v_moved;
END
$$;
`;
