// Clocks. The real one, and a virtual one the sandbox and tests move by hand.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still at a set instant until it is moved. Listeners hear every move. */
export class VirtualClock implements Clock {
  #at: Date;
  readonly #listeners = new Set<(from: Date, to: Date) => Promise<void> | void>();

  constructor(start: Date) {
    this.#at = new Date(start);
  }

  now(): Date {
    return new Date(this.#at);
  }

  /** Moves the clock and awaits every listener (the scheduler fires what fell due). */
  async set(to: Date): Promise<void> {
    const from = this.#at;
    this.#at = new Date(to);
    for (const listener of this.#listeners) await listener(from, this.now());
  }

  onMove(listener: (from: Date, to: Date) => Promise<void> | void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
