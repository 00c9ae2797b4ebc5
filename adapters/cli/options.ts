import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestWord } from '../../core/text/closest.js';
import { InputError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What a command takes: its name, its options (node:util's parseArgs shapes) and its arguments. */
export interface CommandLine<O extends Options> {
  name: string;
  /** As --help shows it: `project <scenario> [--json] [--sends]`. */
  usage: string;
  options: O;
  /** Required arguments in order, as the usage writes them: `<scenario>`. */
  positionals: readonly string[];
}

type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];

/**
 * Reads a command's arguments with node:util's parseArgs; every mistake (an unknown option, with
 * the one it likely meant, a missing value, a missing or extra argument) is an InputError.
 */
export function readCommandLine<O extends Options>(args: string[], spec: CommandLine<O>): { values: Values<O>; positionals: string[] } {
  let parsed: { values: Values<O>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: spec.options, allowPositionals: true, strict: true }) as { values: Values<O>; positionals: string[] };
  } catch (error) {
    throw optionError(spec, error);
  }
  const usage = `proactive-sms ${spec.usage}`;
  const missing = spec.positionals[parsed.positionals.length];
  if (missing !== undefined) throw new InputError(spec.name, `the ${missing} argument is missing`, `write ${usage}`);
  const extra = parsed.positionals[spec.positionals.length];
  if (extra !== undefined) {
    throw new InputError(spec.name, `unexpected argument "${extra}"`, extra.startsWith('-') ? 'options start with --' : `write ${usage}`);
  }
  return parsed;
}

function optionError(spec: CommandLine<Options>, error: unknown): InputError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const named = /'(-{1,2}[^' =]+)/.exec(message)?.[1] ?? '';
  const names = Object.keys(spec.options).map((name) => `--${name}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const closest = closestWord(named.replace(/^-+/, ''), Object.keys(spec.options));
    const fix = closest !== null ? `did you mean --${closest}?` : names.length > 0 ? `its options are ${names.join(', ')}` : 'it takes no options';
    return new InputError(spec.name, `${named} is not an option`, fix);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take an argument/.test(message)) {
    return new InputError(spec.name, `${named} takes no value`, `write ${named} alone`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new InputError(spec.name, `${named} needs a value`, `write ${named} <value>, or ${named}=<value> for a value that starts with -`);
  }
  return new InputError(spec.name, message.split('\n')[0]!);
}
