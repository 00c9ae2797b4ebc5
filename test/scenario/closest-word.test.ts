import { describe, expect, it } from 'vitest';
import { closestWord } from '../../core/index.js';

describe('the "did you mean" of every message', () => {
  it('ignores case and separators, and allows one slip in four letters', () => {
    expect(closestWord('timezone', ['name', 'timeZone', 'hours'])).toBe('timeZone');
    expect(closestWord('time_zone', ['timeZone'])).toBe('timeZone');
    expect(closestWord('nmae', ['name', 'orderId'])).toBe('name');
    expect(closestWord('jsn', ['json', 'sends'])).toBe('json');
    expect(closestWord('perSecnods', ['messages', 'perSeconds'])).toBe('perSeconds');
  });

  it('names nothing rather than something far', () => {
    expect(closestWord('orderNo', ['name', 'orderId', 'store'])).toBeNull();
    expect(closestWord('monday', ['mon', 'tue'])).toBeNull();
    expect(closestWord('', ['name'])).toBeNull();
    expect(closestWord('name', [])).toBeNull();
  });
});
