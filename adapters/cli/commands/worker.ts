import { createSystemClock } from '../../clock/system-clock.js';
import { startWorkerFromEnv } from '../../worker/from-env.js';
import { createWorkerLogger } from '../../worker/logger.js';
import type { Command } from '../command.js';
import { databaseTarget, shownDatabase, withDatabase } from '../database.js';
import { InputError } from '../errors.js';
import { readCommandLine } from '../options.js';

const line = {
  name: 'worker',
  usage: 'worker [--db <file | postgres://…>] [--exit-when-idle]',
  options: { db: { type: 'string' }, 'exit-when-idle': { type: 'boolean' } },
  positionals: []
} as const;

export const workerCommand: Command = {
  usage: line.usage,
  summary: 'Send for real, on the system clock: through Twilio when TWILIO_* is set, else the simulated provider. Safe to kill at any instant; SIGTERM finishes the send in flight and exits.',
  async run(args, io) {
    const { values } = readCommandLine(args, line);
    const env = io.env ?? process.env;
    const target = databaseTarget(values.db, env, io.cwd);
    const clock = createSystemClock();
    const logger = createWorkerLogger({ readable: io.isTTY, write: io.stdout });

    return withDatabase(target, {}, async (opened) => {
      const started = startWorkerFromEnv({
        env,
        store: opened.store,
        changes: opened.changes,
        simulatedLog: opened.simulatedLog,
        clock,
        logger,
        exitWhenIdle: values['exit-when-idle'] === true,
        databaseName: shownDatabase(target, io.cwd)
      });
      if (!started.ok) throw new InputError('worker', started.message);
      const { worker } = started;
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals += 1;
        if (signals === 1) {
          logger.info({ signal }, 'stopping: finishing the send in flight (send the signal again to quit at once)');
          void worker.stop().catch(() => {});
          return;
        }
        // Quitting mid-send is safe too: the next start reconciles whatever was in flight.
        logger.warn({ signal }, 'quitting at once');
        process.exit(130);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        await worker.stopped;
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
      return 0;
    });
  }
};
