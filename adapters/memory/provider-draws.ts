import type { Random } from '../../core/ports/random.js';

/** The names of a message's draws, in the order they are drawn. */
const drawNames = [
  'transient',
  'permanent',
  'ambiguous',
  'ambiguousTaken',
  'deliveryJitter',
  'undelivered',
  'disorder',
  'reply',
  'replyJitter',
  'replyText',
  'second',
  'secondJitter'
] as const;

/**
 * One message's draws, always all of them and in `drawNames` order, so that a seed replays a run.
 * Kept in a typed array: doubles in an object's fields are each a boxed number of their own, a
 * dozen allocations a message.
 */
export class Draws {
  private readonly values = new Float64Array(drawNames.length);

  /** Replaces these with the next message's draws; the getters below read them in `drawNames` order. */
  drawFrom(random: Random): this {
    for (let i = 0; i < drawNames.length; i += 1) this.values[i] = random.next();
    return this;
  }

  get transient(): number {
    return this.values[0] as number;
  }
  get permanent(): number {
    return this.values[1] as number;
  }
  get ambiguous(): number {
    return this.values[2] as number;
  }
  get ambiguousTaken(): number {
    return this.values[3] as number;
  }
  get deliveryJitter(): number {
    return this.values[4] as number;
  }
  get undelivered(): number {
    return this.values[5] as number;
  }
  get disorder(): number {
    return this.values[6] as number;
  }
  get reply(): number {
    return this.values[7] as number;
  }
  get replyJitter(): number {
    return this.values[8] as number;
  }
  get replyText(): number {
    return this.values[9] as number;
  }
  get second(): number {
    return this.values[10] as number;
  }
  get secondJitter(): number {
    return this.values[11] as number;
  }
}
