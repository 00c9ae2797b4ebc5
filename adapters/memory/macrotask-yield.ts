/**
 * Returns a function that resolves after every microtask queued so far has run, so the virtual
 * clock knows a woken sleeper has done all it can before the next one wakes. A MessageChannel
 * round trip is several times cheaper than setImmediate (about 0.7 µs against 3 µs here), which
 * matters when a simulation wakes millions of times; the port is only referenced while a yield is
 * in flight so an idle simulation never keeps the process alive.
 */
export function macrotaskYield(): () => Promise<void> {
  const channel = new MessageChannel();
  const port = channel.port1 as MessagePort & { ref?: () => void; unref?: () => void };
  const waiting: Array<() => void> = [];
  port.onmessage = () => {
    const resolve = waiting.shift();
    if (waiting.length === 0) port.unref?.();
    resolve?.();
  };
  port.unref?.();
  return () =>
    new Promise<void>((resolve) => {
      if (waiting.length === 0) port.ref?.();
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}
