/**
 * Returns a function that resolves once every promise reaction queued so far has run, and every
 * one those queue in turn, without a turn of the event loop (a MessageChannel round trip costs a
 * simulated send about a microsecond and a MessageEvent). Node calls a process.nextTick callback
 * queued while microtasks run only once none is left; so a reaction queued behind all present ones
 * queues the tick that resolves. Node only, and timers and I/O do not run meanwhile: for a closed
 * world such as `simulate`, not for one waiting on sockets.
 */
export function microtaskDrain(): () => Promise<void> {
  const settled = Promise.resolve();
  return () =>
    new Promise<void>((resolve) => {
      void settled.then(() => process.nextTick(resolve));
    });
}
