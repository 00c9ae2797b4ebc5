export interface Rate {
  messages: number;
  perSeconds: number;
}

/** Gladly's documented figure: 8 a minute (40 every five minutes, 480 an hour). */
export const defaultRate: Rate = { messages: 8, perSeconds: 60 };

/** Minimum time between two consecutive sends of a campaign, in whole milliseconds. */
export function gapMs(rate: Rate): number {
  return Math.ceil((rate.perSeconds * 1000) / rate.messages);
}
