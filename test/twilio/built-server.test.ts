import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accountSid, authToken, messagingServiceSid } from './support.js';

// SvelteKit checks Origin only in a production build, so only the built server shows whether
// Twilio's webhooks (form POSTs without Origin) get through while other forms stay guarded.
// The build is shared with the browser tests (test/support/build-app.ts).

let server: ChildProcess | undefined;
let origin: string;
let scratch: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'proactive-sms-built-server-'));
  const dir = inject('builtAppDir');
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['build/index.js'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_PATH: path.join(scratch, 'app.db'),
      WORKER: 'off',
      HOST: '127.0.0.1',
      PORT: String(port),
      ORIGIN: origin,
      PUBLIC_BASE_URL: origin,
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid,
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9'
    }
  });
  await waitUntilListening(port);
}, 180_000);

afterAll(() => {
  if (server?.pid !== undefined && server.exitCode === null) server.kill('SIGTERM');
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
const callback = { MessageSid: 'SM' + 'a'.repeat(32), MessageStatus: 'delivered' };

describe('the built app (adapter-node) and cross-site form POSTs', () => {
  it("lets Twilio's webhook POST through without an Origin, to meet the signature check instead", async () => {
    const response = await fetch(`${origin}/webhooks/twilio/status`, { method: 'POST', headers: form, body: new URLSearchParams(callback) });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('Forbidden: missing X-Twilio-Signature');
  });

  it('accepts a correctly signed callback past both checks', async () => {
    const url = `${origin}/webhooks/twilio/status`;
    const signature = twilio.getExpectedTwilioSignature(authToken, url, callback);
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...form, 'X-Twilio-Signature': signature },
      body: new URLSearchParams(callback)
    });
    // Recorded in the store (a callback for a message not sent yet is kept until it is).
    expect(response.status).toBe(200);
  });

  it('records a signed STOP in the app\'s database as an opt-out, with no worker in the process', async () => {
    const url = `${origin}/webhooks/twilio/inbound`;
    const stop = { MessageSid: 'SM' + 'b'.repeat(32), From: '+14155550100', To: '+14155550199', Body: 'STOP', OptOutType: 'STOP' };
    const signature = twilio.getExpectedTwilioSignature(authToken, url, stop);
    const response = await fetch(url, { method: 'POST', headers: { ...form, 'X-Twilio-Signature': signature }, body: new URLSearchParams(stop) });
    expect(response.status).toBe(200);
    // Written before Twilio is answered (a failed write answers 500 for Twilio to retry).
    const optedOut = () => {
      const db = new Database(path.join(scratch, 'app.db'), { readonly: true });
      try {
        return db.prepare('SELECT phone FROM opt_outs').all();
      } finally {
        db.close();
      }
    };
    expect(optedOut()).toEqual([{ phone: '+14155550100' }]);
  });

  it('still refuses a cross-site form POST to any other route, with Kit\'s message', async () => {
    const response = await fetch(`${origin}/`, {
      method: 'POST',
      headers: { ...form, Origin: 'https://evil.example' },
      body: 'name=x'
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('Cross-site POST form submissions are forbidden');
  });

  it('lets a same-origin form POST through to the route', async () => {
    const response = await fetch(`${origin}/`, { method: 'POST', headers: { ...form, Origin: origin }, body: 'name=x' });
    expect(response.status).not.toBe(403);
  });
});

// ---- helpers ----

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (server?.exitCode !== null) throw new Error(`the built server exited with ${server?.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the built server did not start listening');
}
