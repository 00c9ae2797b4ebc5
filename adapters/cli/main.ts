import { closestWord } from '../../core/text/closest.js';
import { commands } from './commands/index.js';
import { errorLine, InputError, internalErrorLine } from './errors.js';
import type { CliIo } from './io.js';
import { packageVersion } from './version.js';

const usage = `Usage: proactive-sms <command> [options]

Commands:
${Object.values(commands)
  .map((command) => `  ${command.usage}\n      ${command.summary}`)
  .join('\n')}

Options:
  --help       this text, or a command's with "proactive-sms <command> --help"
  --version    the version of proactive-sms
`;

/**
 * Runs one CLI invocation and returns its exit code. A mistake of the person typing prints one
 * line and exits 2; a bug prints one line and exits 70; neither prints a stack.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage);
    return 0;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.stdout(`proactive-sms ${packageVersion()}\n`);
    return 0;
  }
  if (name === undefined) {
    io.stderr(`${errorLine('proactive-sms', 'no command given', 'run "proactive-sms --help" to see the commands')}\n`);
    return 2;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    const meant = closestWord(name, Object.keys(commands));
    const fix = meant === null ? 'run "proactive-sms --help" to see the commands' : `did you mean ${meant}?`;
    io.stderr(`${errorLine('proactive-sms', `${name.startsWith('-') ? `${name} is not an option` : `"${name}" is not a command`}`, fix)}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: proactive-sms ${command.usage}\n  ${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    io.stderr(`${internalErrorLine(error)}\n`);
    return 70;
  }
}
