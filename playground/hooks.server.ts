import type { Handle } from '@sveltejs/kit';
import { webhookPaths } from '../adapters/twilio/config.js';
import { crossSiteFormRefusal } from '$lib/server/csrf.js';

const signedWebhooks = [webhookPaths.status, webhookPaths.inbound];

export const handle: Handle = async ({ event, resolve }) =>
  crossSiteFormRefusal(event.request, event.url, signedWebhooks) ?? resolve(event);
