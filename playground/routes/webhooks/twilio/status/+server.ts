import type { RequestHandler } from '@sveltejs/kit';
import { handleTwilioWebhook } from '../twilio.server.js';

export const POST: RequestHandler = ({ request }) => handleTwilioWebhook('status', request);
