import type { Command } from '../command.js';

/** Every CLI command, by name; each lives in its own file beside this one. */
export const commands: Record<string, Command> = {};
