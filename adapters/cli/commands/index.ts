import type { Command } from '../command.js';
import { checkCsv } from './check-csv.js';
import { importCommand } from './import.js';
import { projectCommand } from './project.js';
import { simulateCommand } from './simulate.js';
import { statusCommand } from './status.js';
import { workerCommand } from './worker.js';

/** Every CLI command, by name; each lives in its own file beside this one. */
export const commands: Record<string, Command> = {
  'check-csv': checkCsv,
  project: projectCommand,
  simulate: simulateCommand,
  import: importCommand,
  worker: workerCommand,
  status: statusCommand
};
