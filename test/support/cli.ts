import { main } from '../../adapters/cli/main.js';

/** Runs the CLI in-process, as a person would type it, and keeps what it printed; `env` instead of process.env when given. */
export async function runCli(args: string[], cwd = process.cwd(), env?: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    isTTY: false,
    ...(env === undefined ? {} : { env })
  });
  return { code, stdout, stderr };
}
