import type { Command } from '../command.js';
import { checkCsv } from './check-csv.js';
import { projectCommand } from './project.js';
import { simulateCommand } from './simulate.js';

/** Every CLI command, by name; each lives in its own file beside this one. */
export const commands: Record<string, Command> = {
  'check-csv': checkCsv,
  project: projectCommand,
  simulate: simulateCommand
};
