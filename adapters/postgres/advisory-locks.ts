// Keys of the transaction-scoped advisory locks this adapter takes (pg_advisory_xact_lock's
// two-integer form): the first number says whose lock it is, so that another application on the
// same database does not share ours by chance.

const namespace = 0x50534d53; // "PSMS"

/** Serialises migrations between processes starting together. */
export const migrationLock = [namespace, 1] as const;

/** Serialises the web app's migrations of its sign-in tables (better-auth's, run outside any transaction of ours). */
export const webAppMigrationLock = [namespace, 2] as const;

/**
 * Serialises a delivery report with the end of the attempt it concerns (second key: hashtext of
 * the provider id), so that a report coming while the attempt is being finished is either seen by
 * it or kept for it, never lost between the two.
 */
export const deliveryLockNamespace = namespace + 1;
