/**
 * Returns a function that calls `callback` (as a promise reaction) once every reaction queued so
 * far has run, and every one those queue in turn, without a turn of the event loop (a
 * MessageChannel round trip costs a simulated send about a microsecond and a MessageEvent). Node
 * calls a process.nextTick callback queued while microtasks run only once none is left; so a
 * reaction queued behind all present ones queues that tick. Nothing is allocated per call but the
 * reactions and the tick. Node only, and timers and I/O do not run meanwhile: for a closed world
 * such as `simulate`, not for one waiting on sockets.
 */
export function afterMicrotasks(callback: () => void): () => void {
  const settled = Promise.resolve();
  // Called back as a reaction again, not from the tick itself: reactions queued by other ticks run first.
  const resume = () => void settled.then(callback);
  const tick = () => process.nextTick(resume);
  return () => void settled.then(tick);
}
