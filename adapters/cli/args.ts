import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parseArgs, with its errors turned into one sentence for the person typing. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error);
    throw new InputError(`${command}: ${detail}.`);
  }
}

export function onePositional(command: string, positionals: string[], what: string): string {
  const [value, extra] = positionals;
  if (value === undefined) throw new InputError(`${command}: missing the ${what} argument.`);
  if (extra !== undefined) throw new InputError(`${command}: unexpected argument "${extra}".`);
  return value;
}
