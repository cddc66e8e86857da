// Paces submit_sm PDUs to a connector's cap of PDUs per second: a token bucket one token deep.

/** Hands out one token every 1000/perSecond ms, in request order; a cap ≤ 0 or not finite means no pacing. */
export class TokenBucket {
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #sleeping = new Map<NodeJS.Timeout, (taken: boolean) => void>();
  #nextAt = -Infinity;
  #closed = false;

  /** `now` is a monotonic clock in ms, injected by tests. */
  constructor(perSecond: number, now: () => number = () => performance.now()) {
    this.#intervalMs = perSecond > 0 && Number.isFinite(perSecond) ? 1000 / perSecond : 0;
    this.#now = now;
  }

  /** Reserves the next token; the ms to wait until it may be used. */
  reserve(): number {
    const now = this.#now();
    // One token deep: time left unused does not pile up into a burst above the cap.
    const at = Math.max(now, this.#nextAt);
    this.#nextAt = at + this.#intervalMs;
    return at - now;
  }

  /** Waits for a token; false when the bucket was closed first. */
  take(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    const waitMs = this.reserve();
    if (waitMs <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleeping.delete(timer);
        resolve(true);
      }, Math.ceil(waitMs));
      this.#sleeping.set(timer, resolve);
    });
  }

  /** Wakes every waiter with false and refuses tokens from now on. */
  close(): void {
    this.#closed = true;
    for (const [timer, resolve] of this.#sleeping) {
      clearTimeout(timer);
      resolve(false);
    }
    this.#sleeping.clear();
  }
}
