export { campaignTimeText } from '../../../core/plan/index.js';

const numbers = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return numbers.format(n);
}
