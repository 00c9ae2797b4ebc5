/**
 * A campaign's own sender (a Messaging Service SID or an E.164 number). Nullable: campaigns saved
 * before it existed, and those without one, send from the provider's configured default.
 */
export const campaignSenderSchema = `
ALTER TABLE campaigns ADD COLUMN sender TEXT;
`;
