import { storeScenario } from '../../../core/runtime/index.js';
import type { Command } from '../command.js';
import { databaseTarget, shownDatabase, withDatabase } from '../database.js';
import { InputError } from '../errors.js';
import { readCommandLine } from '../options.js';
import { loadScenarioFile } from '../scenario-file.js';

const line = {
  name: 'import',
  usage: 'import <scenario> [--db <file | postgres://…>] [--campaign <id>]',
  options: { db: { type: 'string' }, campaign: { type: 'string' } },
  positionals: ['<scenario>']
} as const;

export const importCommand: Command = {
  usage: line.usage,
  summary: 'Store a scenario’s campaign and lists in the database for the worker to send: all of it, or nothing if anything is wrong.',
  async run(args, io) {
    const { values, positionals } = readCommandLine(args, line);
    const target = databaseTarget(values.db, io.env ?? process.env, io.cwd);
    // Everything is read and checked before the database is touched.
    const scenario = loadScenarioFile(positionals[0]!, io);
    const campaignId = values.campaign ?? slugOf(scenario.campaign.name);
    if (campaignId === '') throw new InputError('import', 'the campaign name has no letter or digit to make an id of', 'give one with --campaign <id>');

    const shown = shownDatabase(target, io.cwd);
    // One transaction around the whole import: a failure half-way (a list id taken, a full disk)
    // leaves nothing of it, and a worker polling the store sees all of it at once or none.
    const existed = await withDatabase(target, {}, (opened) =>
      opened.atomically(async (store) => {
        for (const list of scenario.lists) {
          if ((await store.list(list.id)) !== null) {
            throw new InputError('import', `list "${list.id}" is already in ${shown}, so nothing was imported`, 'give the list another id to add it');
          }
        }
        const existed = (await store.campaign(campaignId)) !== null;
        await storeScenario(store, scenario, campaignId);
        return existed;
      })
    );

    const recipients = scenario.lists.reduce((sum, list) => sum + list.recipients.length, 0);
    const lists = `${scenario.lists.length} list${scenario.lists.length === 1 ? '' : 's'}`;
    io.stdout(`${existed ? 'Updated' : 'Created'} campaign "${scenario.campaign.name}" (id ${campaignId}) and added ${lists} with ${recipients} recipients to ${shown}.\n`);
    if (scenario.actions.length > 0) {
      io.stdout(`The scenario's ${scenario.actions.length} action(s) were not imported: they are for simulations; stop a list from the web app.\n`);
    }
    return 0;
  }
};

/** `Dec outreach!` → `dec-outreach`. */
function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
