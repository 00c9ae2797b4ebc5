import { Temporal } from 'temporal-polyfill';
import { inCausalOrder, timelineEventJson } from '../../../core/campaign/timeline.js';
import { simulate, type SimulationResult } from '../../memory/simulation.js';
import type { Command } from '../command.js';
import { InputError } from '../errors.js';
import { liveBars, simulationText } from '../format/simulation-text.js';
import { readCommandLine } from '../options.js';
import { loadScenarioFile } from '../scenario-file.js';

const line = {
  name: 'simulate',
  usage: 'simulate <scenario> [--until <instant>] [--json]',
  options: { until: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['<scenario>']
} as const;

export const simulateCommand: Command = {
  usage: line.usage,
  summary: 'Play the campaign with the real runtime on a virtual clock and a simulated provider: progress bars, a timeline, a report.',
  async run(args, io) {
    const { values, positionals } = readCommandLine(args, line);
    const until = values.until === undefined ? undefined : instantOption(values.until);
    const scenario = loadScenarioFile(positionals[0]!, io);
    const json = values.json === true;
    const live = !json && io.isTTY ? liveBars(io, scenario) : undefined;
    const result = await simulate(scenario, {
      ...(until === undefined ? {} : { until }),
      ...(live === undefined ? {} : { onProgress: live })
    });
    if (json) {
      io.stdout(`${JSON.stringify(resultJson(result), null, 2)}\n`);
      return 0;
    }
    io.stdout(simulationText(scenario, result, live !== undefined));
    return 0;
  }
};

function instantOption(text: string): Temporal.Instant {
  try {
    return Temporal.Instant.from(text);
  } catch {
    throw new InputError('simulate', `--until "${text}" is not an instant`, 'write it as RFC 3339 with an offset, e.g. 2027-01-31T00:00:00Z');
  }
}

function resultJson(result: SimulationResult) {
  return {
    lists: result.lists,
    progress: result.tallies,
    events: inCausalOrder(result.events).map(timelineEventJson),
    report: result.report,
    halts: result.halts.map((halt) => ({ ...halt, at: halt.at.toString() }))
  };
}
