import { afterEach, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../adapters/clock/system-clock.js';
import { openDatabase, type OpenDatabase } from '../../adapters/database/open.js';
import { servicesFor, type Services } from '../../playground/lib/server/services.js';
import { hasUsers } from '../../playground/lib/server/users.js';
import { emptyDatabaseUrl } from './fresh-database.js';

// The web app's own tables and better-auth's on PostgreSQL, as app servers starting together on a
// new database make them.

const opened: OpenDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
});

async function appServer(url: string): Promise<Services> {
  const database = await openDatabase({ kind: 'postgres', url });
  opened.push(database);
  return servicesFor(database.handle, { store: database.store, clock: createSystemClock(), baseURL: 'http://127.0.0.1:4104' });
}

describe('the web app’s tables on PostgreSQL', () => {
  it('are made once by three app servers starting together, which then share one sign-in secret, the users and the details', async () => {
    const url = await emptyDatabaseUrl();
    const [first, second, third] = await Promise.all([appServer(url), appServer(url), appServer(url)]);
    const secrets = await Promise.all([first!, second!, third!].map(async (services) => (await services.auth.$context).secret));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[\w-]{40,}$/);

    expect(await hasUsers(second!.auth)).toBe(false);
    // Two people on two app servers press "Create the first administrator" at the same moment.
    const results = await Promise.all([
      first!.createFirstAdministrator({ name: 'Ada', email: 'ada@example.com', password: 'correct horse' }),
      second!.createFirstAdministrator({ name: 'Eve', email: 'eve@example.com', password: 'another one' })
    ]);
    expect(results.sort()).toEqual(['created', 'taken']);
    expect(await hasUsers(third!.auth)).toBe(true);
    const { internalAdapter } = await third!.auth.$context;
    expect(await internalAdapter.countTotalUsers()).toBe(1);

    await first!.details.set('c1', { description: 'Pickups' });
    expect(await third!.details.get('c1')).toEqual({ description: 'Pickups' });
    await second!.details.delete('c1');
    expect(await first!.details.get('c1')).toEqual({ description: '' });
  });
});
