import { project } from '../../../core/index.js';
import type { Command } from '../command.js';
import { projectionJson, projectionText } from '../format/projection-text.js';
import { readCommandLine } from '../options.js';
import { loadScenarioFile } from '../scenario-file.js';

const line = {
  name: 'project',
  usage: 'project <scenario> [--json] [--sends]',
  options: { json: { type: 'boolean' }, sends: { type: 'boolean' } },
  positionals: ['<scenario>']
} as const;

export const projectCommand: Command = {
  usage: line.usage,
  summary: 'When each list will finish and who would be left out, with an ideal provider.',
  async run(args, io) {
    const { values, positionals } = readCommandLine(args, line);
    const scenario = loadScenarioFile(positionals[0]!, io);
    const projection = project(scenario, { sends: values.sends === true });
    io.stdout(values.json === true ? `${JSON.stringify(projectionJson(scenario, projection), null, 2)}\n` : projectionText(scenario, projection));
    return 0;
  }
};
