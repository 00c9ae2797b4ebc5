/**
 * The CLI's one voice for a mistake: `<where>: <what is wrong>; <what to do>.` on one line of
 * stderr, exit code 2, never a stack. Every command throws this; `main` prints it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';

  /** `where`: the command, file or field; `problem`: what is wrong; `fix`: what to do, if not said already. */
  constructor(where: string, problem: string, fix?: string) {
    super(errorLine(where, problem, fix));
  }

  /** A sentence already in this voice (an adapter's, such as a PostgreSQL server's refusal). */
  static saying(sentence: string): InputError {
    const error = new InputError('', '');
    error.message = sentence;
    return error;
  }
}

/** The sentence, whatever punctuation and line breaks its parts came with. */
export function errorLine(where: string, problem: string, fix?: string): string {
  const parts = [problem, fix].filter((part): part is string => part !== undefined && part.trim() !== '').map(trimSentence);
  const text = `${where}: ${parts.join('; ')}`.replace(/\s*\n\s*/g, ' ');
  return /[.?!…]$/.test(text) ? text : `${text}.`;
}

function trimSentence(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

/** What a bug (not a mistake of the person typing) prints: still one line, exit code 70. */
export function internalErrorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return errorLine('proactive-sms', `internal error: ${message.split('\n')[0]}`, 'please report it with the command you ran');
}
