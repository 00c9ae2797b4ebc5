import type { ProjectedList } from '../../../core/index.js';
import { sequentialIds } from '../../../core/ports/ids.js';
import type { Provider } from '../../../core/ports/provider.js';
import { seededRandom } from '../../../core/ports/random.js';
import type { ListCounts } from '../../../core/ports/store.js';
import { createRuntime } from '../../../core/runtime/index.js';
import { createSystemClock } from '../../clock/system-clock.js';
import { statusLabels } from '../../../core/plan/list-status.js';
import type { Command } from '../command.js';
import { databaseTarget, shownDatabase, withDatabase } from '../database.js';
import { localTimeText } from '../format/local-time.js';
import { readCommandLine } from '../options.js';

const line = {
  name: 'status',
  usage: 'status [--db <file | postgres://…>] [--json]',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: []
} as const;

export const statusCommand: Command = {
  usage: line.usage,
  summary: 'Every list’s status and progress as the database has it now (the JSON has project’s "lists" shape).',
  async run(args, io) {
    const { values } = readCommandLine(args, line);
    const target = databaseTarget(values.db, io.env ?? process.env, io.cwd);
    return withDatabase(target, { readonly: true }, async ({ store }) => {
      // The runtime is only asked for list statuses, as the worker would report them: it never sends.
      const runtime = createRuntime({ clock: createSystemClock(), store, provider: neverSends, random: seededRandom(1), ids: sequentialIds() });
      const campaigns = [];
      for (const campaign of await store.campaigns()) {
        const lists = [];
        for (const list of await store.lists(campaign.id)) {
          lists.push({ status: await runtime.listStatus(list.id), counts: await store.listCounts(list.id) });
        }
        campaigns.push({ campaign, lists });
      }
      await runtime.close();
      if (values.json === true) {
        io.stdout(`${JSON.stringify({ lists: campaigns.flatMap((c) => c.lists.map((l) => l.status)) }, null, 2)}\n`);
        return 0;
      }
      const lines = [shownDatabase(target, io.cwd)];
      if (campaigns.length === 0) lines.push('  no campaign yet: "proactive-sms import <scenario>" adds one');
      for (const { campaign, lists } of campaigns) {
        lines.push('', `${campaign.name} (${campaign.id}); times in ${campaign.timeZone}`);
        if (campaign.halted !== null) {
          lines.push(`  Sending halted ${localTimeText(campaign.halted.at.toString(), campaign.timeZone)}: ${campaign.halted.message} (${campaign.halted.code})`);
        }
        for (const { status, counts } of lists) lines.push(listLine(status, counts, campaign.timeZone));
        if (lists.length === 0) lines.push('  no list');
      }
      const unknown = campaigns.reduce((sum, c) => sum + c.lists.reduce((s, l) => s + l.counts.states.unknown, 0), 0);
      if (unknown > 0) {
        lines.push('', `${unknown} recipient(s) are "unknown": a send was interrupted and the provider could not say whether it went out. They are never re-sent automatically; check them and decide.`);
      }
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    });
  }
};

function listLine(list: ProjectedList, counts: ListCounts, timeZone: string): string {
  const { states } = counts;
  const beside = [
    states.pending > 0 ? `${states.pending} pending` : '',
    states.sending > 0 ? `${states.sending} sending` : '',
    states.failed > 0 ? `${states.failed} failed` : '',
    states.opted_out > 0 ? `${states.opted_out} opted out` : '',
    states.unknown > 0 ? `${states.unknown} unknown` : '',
    list.unreached > 0 ? `${list.unreached} unreached` : ''
  ].filter((part) => part !== '');
  const last = list.lastSendAt === null ? '' : `, last send ${localTimeText(list.lastSendAt, timeZone)}`;
  return `  ${list.id}: ${statusLabels[list.status]} ${list.sent}/${list.total}${beside.length > 0 ? ` (${beside.join(', ')})` : ''}${last}`;
}

const neverSends: Provider = {
  send: () => Promise.reject(new Error('status never sends')),
  onEvent: () => () => {},
  findMessages: () => Promise.resolve([])
};
