import { randomInt } from 'node:crypto';
import { seededRandom } from '../../../core/ports/random.js';
import { createSystemClock } from '../../clock/system-clock.js';
import { createSqliteMessageLog, createSqliteStore } from '../../sqlite/index.js';
import { createWorkerLogger } from '../../worker/logger.js';
import { providerFromEnv } from '../../worker/provider-from-env.js';
import { readTestHooks } from '../../worker/test-hooks.js';
import { startWorker } from '../../worker/worker.js';
import type { Command } from '../command.js';
import { databasePath, shownPath, withDatabase } from '../database.js';
import { InputError } from '../errors.js';
import { readCommandLine } from '../options.js';

const line = {
  name: 'worker',
  usage: 'worker [--db <file>] [--exit-when-idle]',
  options: { db: { type: 'string' }, 'exit-when-idle': { type: 'boolean' } },
  positionals: []
} as const;

export const workerCommand: Command = {
  usage: line.usage,
  summary: 'Send for real, on the system clock: through Twilio when TWILIO_* is set, else the simulated provider. Safe to kill at any instant; SIGTERM finishes the send in flight and exits.',
  async run(args, io) {
    const { values } = readCommandLine(args, line);
    const env = io.env ?? process.env;
    const path = databasePath(values.db, env, io.cwd);
    const test = readTestHooks(env);
    if (!test.ok) throw new InputError('worker', test.message);
    const clock = createSystemClock();
    const random = seededRandom(randomInt(2 ** 31));
    const logger = createWorkerLogger({ readable: io.isTTY, write: io.stdout });

    return withDatabase(path, {}, async (db) => {
      const choice = providerFromEnv(env, { clock, random, simulatedLog: () => createSqliteMessageLog(db) });
      if (!choice.ok) throw new InputError('worker', choice.message);
      if (test.ignored !== null) logger.warn(test.ignored);
      const { pause, acceptanceWindowMs, leaseTtlMs } = test.hooks;
      if (pause !== null || acceptanceWindowMs !== null || leaseTtlMs !== null) logger.warn(test.hooks, 'TEST-ONLY hooks are on');
      logger.info({ database: shownPath(path, io.cwd), provider: choice.description }, 'worker starting');

      const worker = startWorker({
        store: createSqliteStore(db),
        provider: choice.provider,
        clock,
        random,
        logger,
        exitWhenIdle: values['exit-when-idle'] === true,
        testPause: pause,
        ...(acceptanceWindowMs === null ? {} : { acceptanceWindowMs }),
        ...(leaseTtlMs === null ? {} : { timing: { ttlMs: leaseTtlMs, renewEveryMs: leaseTtlMs / 3, retryEveryMs: leaseTtlMs / 5 } })
      });
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
