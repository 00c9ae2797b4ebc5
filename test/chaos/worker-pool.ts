import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { campaignsHeld, complaints, holderOf } from './worker-log.js';

/** A worker process that has ended, with everything it printed. */
export interface EndedWorker {
  slot: number;
  holder: string | null;
  lines: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `count` slots, each running one `proactive-sms worker` at a time; a slot whose worker is killed is started again. */
export interface WorkerPool {
  readonly count: number;
  /** SIGKILLs the worker in `slot`, waits until its output is all read, starts a new one there; answers what the dead one held. */
  killAndRestart(slot: number, allCampaigns: readonly string[]): Promise<{ killedAtMs: number; held: string[]; ended: EndedWorker }>;
  /** What the worker now in `slot` holds, as far as its log has said so far. */
  heldNow(slot: number, allCampaigns: readonly string[]): Set<string>;
  /** Workers that ended without being killed or stopped by the pool (each replaced at once), in order. */
  readonly unexpected: EndedWorker[];
  /** Every worker that ended so far, killed or not. */
  readonly ended: EndedWorker[];
  /** The workers running now. */
  running(): WorkerProcess[];
  /** SIGTERMs every worker; answers how each ended, or null for one still running after `timeoutMs` (then SIGKILLed). */
  stopAll(timeoutMs: number): Promise<Array<EndedWorker | null>>;
  /** SIGKILLs whatever is still running; for clean-up after a failure. */
  killAll(): Promise<void>;
}

interface Running {
  process: WorkerProcess;
  /** Resolves once it exited and its output streams are closed (every line read). */
  closed: Promise<EndedWorker>;
  /** Set when the pool itself ended it. */
  expected: boolean;
}

export function startWorkerPool(count: number, args: string[], env: Record<string, string>): WorkerPool {
  const slots: Array<Running | null> = [];
  const unexpected: EndedWorker[] = [];
  const ended: EndedWorker[] = [];
  let stopping = false;

  function start(slot: number): void {
    const process = spawnWorker(args, env);
    const closed = new Promise<EndedWorker>((resolve) =>
      process.child.on('close', (code, signal) => resolve({ slot, holder: holderOf(process.lines), lines: process.lines, code, signal }))
    );
    const running: Running = { process, closed, expected: false };
    slots[slot] = running;
    void closed.then((end) => {
      ended.push(end);
      if (running.expected || stopping) return;
      unexpected.push(end);
      // A worker that died of something we did not do is a finding; keep the pool at its size, a
      // moment later, as a service manager would (systemd's RestartSec).
      setTimeout(() => {
        if (slots[slot] === running && !stopping) start(slot);
      }, 500);
    });
  }

  for (let slot = 0; slot < count; slot += 1) start(slot);

  return {
    count,
    unexpected,
    ended,
    async killAndRestart(slot, allCampaigns) {
      const running = slots[slot];
      if (running === null || running === undefined) throw new Error(`no worker in slot ${slot}`);
      running.expected = true;
      const killedAtMs = Date.now();
      running.process.child.kill('SIGKILL');
      const end = await running.closed;
      start(slot);
      return { killedAtMs, held: [...campaignsHeld(end.lines, allCampaigns)].sort(), ended: end };
    },
    heldNow(slot, allCampaigns) {
      const running = slots[slot];
      return running === null || running === undefined ? new Set() : campaignsHeld(running.process.lines, allCampaigns);
    },
    running: () => slots.flatMap((running) => (running === null ? [] : [running.process])),
    async stopAll(timeoutMs) {
      stopping = true;
      const all = slots.flatMap((running) => (running === null ? [] : [running]));
      for (const running of all) {
        running.expected = true;
        running.process.child.kill('SIGTERM');
      }
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
      const ends = await Promise.all(all.map((running) => Promise.race([running.closed, timeout])));
      for (const running of all) running.process.child.kill('SIGKILL');
      slots.fill(null);
      return ends;
    },
    async killAll() {
      stopping = true;
      const all = slots.flatMap((running) => (running === null ? [] : [running]));
      for (const running of all) {
        running.expected = true;
        running.process.child.kill('SIGKILL');
      }
      await Promise.all(all.map((running) => running.closed));
      slots.fill(null);
    }
  };
}

/** A worker's last log lines, its last warnings, and what it printed that is not a log line (a crash's stack), for a failure message. */
export function describeEnd(end: EndedWorker): string {
  const logLines = end.lines.filter((line) => line.startsWith('{'));
  const worries = complaints(logLines).slice(-3);
  const other = end.lines.filter((line) => !line.startsWith('{') && line.trim() !== '').slice(0, 10);
  return [
    `worker in slot ${end.slot} (holder ${end.holder ?? 'unknown'}) ended with code ${end.code}, signal ${end.signal}; its last log lines:`,
    ...logLines.slice(-3).map((line) => `  ${line}`),
    ...(worries.length > 0 ? [' its last warnings:', ...worries.map((line) => `  ${line}`)] : []),
    ...(other.length > 0 ? [' it printed besides:', ...other.map((line) => `  ${line}`)] : [])
  ].join('\n');
}
