// Yields to the event loop: better-sqlite3 answers synchronously, so back-to-back commits would starve sockets and timers.

/** Resolves on the next turn of the event loop, after pending I/O has been handled. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
