// The window of submit_sm PDUs awaiting their submit_sm_resp: a counting semaphore, first come first served.

/** At most `size` holders at once; the others wait in order. */
export class SubmitWindow {
  #free: number;
  readonly #waiting: Array<(acquired: boolean) => void> = [];
  #closed = false;

  constructor(size: number) {
    this.#free = Math.max(1, size);
  }

  /** Resolves true when a slot is held (release it after), false when the window was closed first. */
  acquire(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (this.#free > 0) {
      this.#free -= 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Gives a held slot to the next waiter, or back to the window. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next(true);
    else this.#free += 1;
  }

  /** Wakes every waiter with false and refuses slots from now on. */
  close(): void {
    this.#closed = true;
    for (const resolve of this.#waiting.splice(0)) resolve(false);
  }
}
