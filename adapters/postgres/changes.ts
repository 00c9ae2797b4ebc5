import pg from 'pg';
import type { StoreChanges } from '../../core/ports/store.js';
import { revisionChannel } from './postgres-store.js';

/** How long to wait before connecting again after the listening connection dropped (a restart). */
const reconnectAfterMs = 1_000;

/**
 * The store's NOTIFY on `revisionChannel` as StoreChanges: one connection of its own per
 * subscription (a LISTEN lives on a connection, and a pooled one would be handed to queries),
 * connected again whenever it drops. Notices sent while it was down are lost, so after
 * reconnecting it calls the listener once: the reader then looks at `revision()` itself.
 */
export function listenForChanges(config: pg.ClientConfig, onProblem: (error: unknown) => void = () => {}): StoreChanges {
  return {
    async subscribe(listener) {
      let closed = false;
      let client: pg.Client | null = null;
      let retry: NodeJS.Timeout | null = null;

      const connect = async (): Promise<void> => {
        const next = new pg.Client(config);
        next.on('notification', (message) => {
          if (message.channel === revisionChannel) listener();
        });
        // A connection that fails while listening (the server restarted) is reported here, then ends.
        next.on('error', onProblem);
        next.on('end', () => {
          if (closed || client !== next) return;
          client = null;
          retry = setTimeout(reconnect, reconnectAfterMs);
        });
        try {
          await next.connect();
          await next.query(`LISTEN ${revisionChannel}`);
        } catch (error) {
          await next.end().catch(() => undefined);
          throw error;
        }
        if (closed) {
          await next.end();
          return;
        }
        client = next;
      };
      const reconnect = () => {
        retry = null;
        connect().then(
          () => {
            if (!closed) listener();
          },
          (error: unknown) => {
            onProblem(error);
            if (!closed) retry = setTimeout(reconnect, reconnectAfterMs);
          }
        );
      };

      await connect();
      return async () => {
        closed = true;
        if (retry !== null) clearTimeout(retry);
        const open = client;
        client = null;
        await open?.end();
      };
    }
  };
}
