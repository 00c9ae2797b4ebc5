import { describe, expect, it } from 'vitest';
import { safeNext } from '../../playground/lib/server/guard.js';

describe('where sign-in sends a person afterwards', () => {
  it.each(['/settings/proactive-sms', '/settings/proactive-sms/c1/recipients?tab=stopped#list-2'])('keeps a path of the app: %s', (next) => {
    expect(safeNext(next, '/home')).toBe(next);
  });

  // Each of these is read by a browser as another site (or is not a path at all).
  it.each(['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example/x', 'settings', ''])('refuses %j', (next) => {
    expect(safeNext(next, '/home')).toBe('/home');
  });

  it('falls back without a next', () => {
    expect(safeNext(null, '/home')).toBe('/home');
  });
});
