import { describe, expect, it } from 'vitest';
import { bodyRefusal, smallBodyLimitBytes } from '../../playground/lib/server/body-limit.js';

const post = (length: number | null) =>
  new Request('http://app.test/x', { method: 'POST', body: 'x', headers: length === null ? {} : { 'content-length': String(length) } });

describe('how large a request body each route takes', () => {
  it('takes a large recipient list only from an Administrator, on Add Recipients', () => {
    expect(bodyRefusal(post(50 * 1024 * 1024), '/settings/proactive-sms/c1/recipients/new', true)).toBeNull();
    expect(bodyRefusal(post(50 * 1024 * 1024), '/settings/proactive-sms/c1/recipients/new', false)?.status).toBe(413);
  });

  it('refuses a large body anywhere else, signed in or not', () => {
    expect(bodyRefusal(post(smallBodyLimitBytes + 1), '/sign-in', false)?.status).toBe(413);
    expect(bodyRefusal(post(smallBodyLimitBytes + 1), '/settings/proactive-sms/new', true)?.status).toBe(413);
    expect(bodyRefusal(post(smallBodyLimitBytes), '/sign-in', false)).toBeNull();
  });

  it('asks for the length of a body that does not say it, and lets reads through', () => {
    const chunked = new Request('http://app.test/x', { method: 'POST', body: new ReadableStream(), duplex: 'half' } as RequestInit);
    expect(bodyRefusal(chunked, '/sign-in', false)?.status).toBe(411);
    expect(bodyRefusal(new Request('http://app.test/x'), '/settings/proactive-sms', false)).toBeNull();
  });
});
