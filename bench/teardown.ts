// Clean-up of a benchmark run: the `after` half of a test context, run last-registered first.

/** Collects clean-up steps as `t.after` does in a test, so test/support helpers can start processes for a benchmark. */
export class Teardown {
  readonly #steps: (() => unknown)[] = [];

  /** Registers `step` to run at the end of the benchmark. */
  after(step: () => unknown): void {
    this.#steps.push(step);
  }

  /** Runs every step, newest first; one failing step does not skip the others. */
  async run(): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`clean-up step failed: ${String(error)}\n`);
      }
    }
  }
}

/** Runs `body` with a fresh Teardown and always runs the teardown afterwards. */
export async function withTeardown<T>(body: (teardown: Teardown) => Promise<T>): Promise<T> {
  const teardown = new Teardown();
  try {
    return await body(teardown);
  } finally {
    await teardown.run();
  }
}
