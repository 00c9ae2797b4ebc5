import { pino, type DestinationStream, type Logger } from 'pino';

/** What the worker writes its lines through: pino's logger, or any with the same three methods. */
export type WorkerLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/** A logger that writes nothing, for callers that do not want the worker's lines (benchmarks, tests). */
export const silentLogger: WorkerLogger = pino({ enabled: false });

/**
 * The worker's logger: one JSON object a line when a program or a log collector reads it, one
 * readable line when a person watches a terminal. Each line is handed to `write` at once, unbuffered
 * (process.stdout writes to files and pipes synchronously on Linux), so the last lines before a
 * crash are not lost.
 */
export function createWorkerLogger(options: { readable: boolean; write: (text: string) => void }): Logger {
  const { write } = options;
  return pino({ base: null }, options.readable ? readableLines(write) : { write });
}

// ---------------------------------------------------------------------------------------------

const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * pino's JSON turned into `12:04:05.120 INFO  message key=value …` in local time: a dozen lines
 * instead of pino-pretty and its dependencies, for the one thing the worker needs.
 */
function readableLines(write: (text: string) => void): DestinationStream {
  return {
    write(json: string) {
      const { time, level, msg, ...fields } = JSON.parse(json) as Record<string, unknown>;
      const clock = new Date(Number(time)).toTimeString().slice(0, 8);
      const millis = String(Number(time) % 1000).padStart(3, '0');
      const rest = Object.entries(fields).map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      write(`${clock}.${millis} ${(levelNames[Number(level)] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${rest.join('')}\n`);
    }
  };
}
