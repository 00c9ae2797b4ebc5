import { project } from '../../../core/index.js';
import { onePositional, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { projectionText } from '../format/projection-text.js';
import { loadScenarioFile } from '../scenario-file.js';

export const projectCommand: Command = {
  usage: 'project <scenario> [--json] [--sends]',
  summary: 'When each list will finish and who would be left out, with an ideal provider.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('project', args, {
      json: { type: 'boolean' },
      sends: { type: 'boolean' }
    });
    const path = onePositional('project', positionals, '<scenario> file');
    const scenario = loadScenarioFile(path, io.cwd);
    const projection = project(scenario, { sends: values.sends === true });
    io.stdout(values.json === true ? `${JSON.stringify(projection, null, 2)}\n` : projectionText(scenario, projection));
    return 0;
  }
};
