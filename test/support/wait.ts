// The one waiter of the test suite: polls a check, and fails with what it waited for instead of hanging.

/** What a check returns while it is not done, with what it has seen so far for the failure message. */
export class NotYet {
  constructor(readonly progress: string) {}
}

/** Not done yet; `progress` goes into the "waited …" message if time runs out. */
export function notYet(progress: string): NotYet {
  return new NotYet(progress);
}

type Pending = undefined | false | NotYet;

/**
 * Polls `check` until it returns something other than undefined, false or notYet(…), and returns that;
 * after `timeoutMs` fails with "waited N ms for <what>[, <last progress>]".
 */
export async function waitFor<T>(
  what: string,
  check: () => T | Pending | Promise<T | Pending>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<Exclude<T, Pending>> {
  const { timeoutMs = 5000, intervalMs = 10 } = options;
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && !(value instanceof NotYet)) return value as Exclude<T, Pending>;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`waited ${timeoutMs} ms for ${what}${value instanceof NotYet ? `, ${value.progress}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
