/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  isTTY: boolean;
  /** The environment (DATABASE_PATH, TWILIO_*…); process.env when not given. */
  env?: Readonly<Record<string, string | undefined>>;
}

export { InputError } from './errors.js';
