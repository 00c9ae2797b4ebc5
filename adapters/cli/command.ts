import type { CliIo } from './io.js';

export interface Command {
  /** The synopsis shown by --help, e.g. `project <scenario> [--json] [--sends]`. */
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}
