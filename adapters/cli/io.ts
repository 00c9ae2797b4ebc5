/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  isTTY: boolean;
  /** The environment (DATABASE_PATH, TWILIO_*…); process.env when not given. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Bad input from the person at the keyboard (a flag, a file, a field): printed as one sentence,
 * exit code 2, no stack trace.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
