import { describe, expect, it } from 'vitest';
import { uniqueIds } from '../../adapters/worker/unique-ids.js';

describe('uniqueIds', () => {
  it('counts up in text order within a process, so the send log index takes them at its end', () => {
    const ids = uniqueIds(Date.UTC(2026, 11, 2));
    const made = Array.from({ length: 2_000 }, () => ids.next('attempt'));
    expect(made[0]).toMatch(/^attempt-/);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('never repeats another process’s ids, even one started in the same millisecond or a restart', () => {
    const startedAt = Date.UTC(2026, 11, 2);
    const first = uniqueIds(startedAt);
    const second = uniqueIds(startedAt);
    const a = Array.from({ length: 100 }, () => first.next('attempt'));
    const b = Array.from({ length: 100 }, () => second.next('attempt'));
    expect(new Set([...a, ...b]).size).toBe(200);
  });

  it('counts each prefix on its own', () => {
    const ids = uniqueIds(0);
    expect(ids.next('attempt').endsWith('-00000001')).toBe(true);
    expect(ids.next('msg').endsWith('-00000001')).toBe(true);
    expect(ids.next('attempt').endsWith('-00000002')).toBe(true);
  });
});
