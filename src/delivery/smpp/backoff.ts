// The wait before reconnecting to an SMSC: exponential from the first to the longest wait, with jitter.

/** Part of each wait drawn at random, so gateways cut off together do not all reconnect in the same instant. */
const JITTER = 0.25;

/**
 * The wait in ms before reconnect attempt `attempt` (0 for the first after a loss): minMs doubled per attempt up to
 * maxMs, less up to a quarter at random, never below minMs. `random` returns [0, 1).
 */
export function reconnectDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  // 2 ** 52 is exact and already beyond any maxMs, so a link down for days cannot overflow the exponent.
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 52));
  return Math.max(minMs, Math.round(base - random() * base * JITTER));
}
