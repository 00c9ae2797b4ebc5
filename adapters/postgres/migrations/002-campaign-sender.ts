/**
 * A campaign's own sender (a Messaging Service SID or an E.164 number), as in the SQLite store's
 * migration 002. Nullable: campaigns saved before it existed send from the provider's default.
 */
export const campaignSenderSchema = `
ALTER TABLE campaigns ADD COLUMN sender text;
`;
