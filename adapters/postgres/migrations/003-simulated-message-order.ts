/**
 * The simulated provider's log in a total order: messages to one phone in the same millisecond
 * come back in the order they were written (SQLite's log orders them by rowid), so that
 * reconciliation after a restart reads them as they were sent.
 */
export const simulatedMessageOrderSchema = `
ALTER TABLE simulated_messages ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
DROP INDEX simulated_messages_by_phone;
CREATE INDEX simulated_messages_by_phone ON simulated_messages (to_phone, created_at_ms, seq);
`;
