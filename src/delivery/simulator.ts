// The built-in carrier: accepts every message and answers with receipts whose outcome the address decides.
import { randomBytes } from 'node:crypto';
import type { SimulatorConfig } from '../config.ts';
import { DeliveryError, MessageStatus } from '../wire/statuses.ts';
import type { Connector, OutboundMessage, Receipt, SubmitOutcome } from './connector.ts';
import { testBehaviour, type Behaviour } from './test-numbers.ts';

// Deterministic, so that after a restart resume() can re-derive the outcome from the address alone.
function simulatedBehaviour(address: string): Behaviour {
  return testBehaviour(address) ?? { receipt: { status: MessageStatus.Delivered, err: DeliveryError.None } };
}

/** The simulator connector used by `npm start` and the tests; up from construction until closed. */
export class SimulatorConnector implements Connector {
  readonly name: string;
  readonly #options: SimulatorConfig;
  readonly #handlers: Array<(receipt: Receipt) => Promise<void>> = [];
  /** Every pending timer with what to do if close() cancels it. */
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  #closed = false;

  constructor(options: SimulatorConfig, name = 'simulator') {
    this.#options = options;
    this.name = name;
  }

  isUp(): boolean {
    return !this.#closed;
  }

  async submit(message: OutboundMessage): Promise<SubmitOutcome> {
    if (!(await this.#delay(this.#options.submitDelayMs))) return { retry: 'simulator closed' };
    const behaviour = simulatedBehaviour(message.address);
    if (behaviour !== 'silent' && 'rejectAtSubmit' in behaviour) return { final: behaviour.rejectAtSubmit };
    // Random, not a counter: ids of messages taken before a restart must not collide with new ones.
    const carrierId = `sim-${randomBytes(8).toString('hex')}`;
    this.#scheduleReceipt(carrierId, behaviour);
    return { accepted: [carrierId] };
  }

  onReceipt(handler: (receipt: Receipt) => Promise<void>): void {
    this.#handlers.push(handler);
  }

  resume(inFlight: Array<{ carrierId: string; address: string }>): void {
    for (const { carrierId, address } of inFlight) this.#scheduleReceipt(carrierId, simulatedBehaviour(address));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const [timer, cancel] of this.#timers) {
      clearTimeout(timer);
      cancel();
    }
    this.#timers.clear();
  }

  #scheduleReceipt(carrierId: string, behaviour: Behaviour): void {
    if (behaviour === 'silent' || this.#closed) return;
    // A message refused at submit can only be in flight if it was taken by another build; it ends the same way.
    const final = 'receipt' in behaviour ? behaviour.receipt : behaviour.rejectAtSubmit;
    this.#after(this.#options.receiptDelayMs, () => {
      // No peer to send it again: a receipt the store did not take leaves its message in status 0, and the
      // next start resumes it. The handler has logged why.
      for (const handler of this.#handlers) handler({ carrierId, ...final }).catch(() => {});
    }, () => {});
  }

  /** Resolves true after `ms`, or false at once when the simulator is or gets closed. */
  #delay(ms: number): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => this.#after(ms, () => resolve(true), () => resolve(false)));
  }

  #after(ms: number, run: () => void, cancel: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.set(timer, cancel);
  }
}
