import type { CliIo } from './io.js';

/**
 * One command of the CLI, listed in commands/index.ts. A command reads its arguments with
 * `readCommandLine(args, { name, usage, options, positionals })` (options.ts) and refuses anything
 * else by throwing `new InputError(where, problem, fix)` (errors.ts): `main` prints that as one
 * line and exits 2, so every command speaks with one voice.
 */
export interface Command {
  /** The synopsis shown by --help, e.g. `project <scenario> [--json] [--sends]`. */
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}
