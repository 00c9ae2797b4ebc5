import { error } from '@sveltejs/kit';
import { listRows } from '$lib/server/campaign-views.js';
import { requireAdmin } from '$lib/server/guard.js';
import { adminSessionEnd } from '$lib/server/session-check.js';
import { services } from '$lib/server/services.js';
import type { RequestHandler } from './$types.js';

/** How often the stream looks at the store. Progress moves a message at a time: a second is live enough. */
const pollMs = 1_000;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const keepAliveMs = 15_000;

// Streams end when adapter-node shuts down, instead of holding the shutdown for its whole timeout.
const openStreams = new Set<() => void>();
process.once('sveltekit:shutdown', () => openStreams.forEach((close) => close()));

/**
 * Server-sent events for Edit Recipients: a `lists` event with every list's row at once, then again
 * whenever a row changes (a send, a stop, a new list, a status reached by the clock). The session
 * is looked at again before each later look at the store: once it is signed out or no longer an
 * Administrator's, an `ended` event says which, and the stream closes.
 */
export const GET: RequestHandler = async (event) => {
  requireAdmin(event);
  const { store, clock, auth } = await services();
  const campaignId = event.params.campaign;
  if ((await store.campaign(campaignId)) === null) error(404, 'No such campaign.');
  const encoder = new TextEncoder();
  const signal = event.request.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = '';
      let closed = false;
      let quietSinceMs = clock.nowMs();
      // The hook has just checked the session for the first look.
      let sessionChecked = true;
      const tick = async () => {
        if (closed) return;
        try {
          const ended = sessionChecked ? null : await adminSessionEnd(auth, event.request.headers);
          sessionChecked = false;
          if (closed) return;
          if (ended !== null) {
            controller.enqueue(encoder.encode(`event: ended\ndata: ${JSON.stringify({ reason: ended })}\n\n`));
            close();
            return;
          }
          const campaign = await store.campaign(campaignId);
          if (campaign === null) {
            controller.enqueue(encoder.encode('event: gone\ndata: {}\n\n'));
            close();
            return;
          }
          const json = JSON.stringify(await listRows(store, campaign, clock.nowMs()));
          if (json !== last) {
            last = json;
            quietSinceMs = clock.nowMs();
            controller.enqueue(encoder.encode(`event: lists\ndata: ${json}\n\n`));
          } else if (clock.nowMs() - quietSinceMs >= keepAliveMs) {
            quietSinceMs = clock.nowMs();
            controller.enqueue(encoder.encode(': still here\n\n'));
          }
          timer = setTimeout(() => void tick(), pollMs);
        } catch (failure) {
          controller.error(failure);
        }
      };
      const close = () => {
        closed = true;
        clearTimeout(timer);
        openStreams.delete(close);
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      stop = close;
      openStreams.add(close);
      signal.addEventListener('abort', close);
      void tick();
    },
    cancel() {
      stop();
    }
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' } });
};
