// Expected failure as a value: Result<T> is either { err } or the value itself.

/** A failure carried as a value; `err` names what went wrong. */
export interface Failure<E> {
  err: E;
}

/** Either a value of T or a Failure<E>. */
export type Result<T, E = Error> = Failure<E> | (T & { err?: undefined });

/** True when `r` is a Failure. */
export function isFailure<T, E>(r: Result<T, E>): r is Failure<E> {
  return r.err !== undefined;
}

/** Turns anything thrown by a Node API into an Error. */
export function errorFrom(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}
