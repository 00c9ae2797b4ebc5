import { afterEach, describe, expect, it } from 'vitest';
import { normalisePhone } from '../../core/recipients/index.js';

// patches/libphonenumber-js+*.patch makes libphonenumber compile each metadata pattern once instead
// of on every match; that was half the time of importing a million rows. If the patch stops
// applying (a version bump, `npm ci --ignore-scripts`), this fails rather than the import quietly
// getting twice as slow.
describe('libphonenumber patch', () => {
  const original = globalThis.RegExp;
  afterEach(() => {
    globalThis.RegExp = original;
  });

  it('compiles no pattern again for numbers of countries already seen', () => {
    const samples = (n: number) => [
      `+1212${2_000_000 + n}`,
      `(415) ${300 + (n % 600)}-${1000 + n}`,
      `+44 7400 ${100_000 + n}`,
      `06 12 34 ${String(10 + (n % 89))} ${String(10 + (n % 89))}`
    ];
    for (const raw of samples(0)) normalisePhone(raw, 'FR');
    for (const raw of samples(0)) normalisePhone(raw, 'US');

    const built: string[] = [];
    globalThis.RegExp = new Proxy(original, {
      construct(target, args: [string | RegExp, string?]) {
        built.push(String(args[0]));
        return new target(...args);
      }
    });
    let valid = 0;
    for (let n = 1; n <= 50; n += 1) {
      for (const raw of samples(n)) if (normalisePhone(raw, raw.startsWith('06') ? 'FR' : 'US').ok) valid += 1;
    }
    expect(valid).toBe(200);
    expect(built.filter((source) => source.startsWith('^(?:') && source.endsWith(')$'))).toEqual([]);
  });
});
