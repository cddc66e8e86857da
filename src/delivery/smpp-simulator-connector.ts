// An SMPP simulator started in the same process, reached through a real SmppConnector: `npm start`'s default route.
import type { SimulatorConfig } from '../config.ts';
import type { Connector, OutboundMessage, Receipt, SubmitOutcome } from './connector.ts';
import { SMPP_DEFAULTS } from './delivery-config.ts';
import { SmscSimulator } from './smpp/smsc-simulator.ts';
import { SmppConnector, type SmppConnectorOptions } from './smpp/smpp-connector.ts';

/** Credentials between the gateway and its own simulator; it accepts any, these only name the bind in its log. */
const SYSTEM_ID = 'opensmsc';

/** Every message takes the whole SMPP path (encoding, windows, receipts) against the simulator's test numbers. */
export class SmppSimulatorConnector implements Connector {
  readonly name: string;
  readonly #simulator: SmscSimulator;
  readonly #started: Promise<SmppConnector | undefined>;
  #client: SmppConnector | undefined;
  #onReceipt: ((receipt: Receipt) => Promise<void>) | undefined;
  #closed = false;

  constructor(name: string, timings: SimulatorConfig, options: SmppConnectorOptions = {}) {
    this.name = name;
    this.#simulator = new SmscSimulator({ submitLatencyMs: timings.submitDelayMs, receiptDelayMs: timings.receiptDelayMs });
    this.#started = this.#simulator.listen(0, '127.0.0.1').then(
      (port) => {
        if (this.#closed) return undefined;
        this.#client = new SmppConnector(
          { ...SMPP_DEFAULTS, type: 'smpp', name, host: '127.0.0.1', port, systemId: SYSTEM_ID, password: 'local', throughputPerSecond: 10_000, window: 100, reconnectMinMs: 100, reconnectMaxMs: 1000, idFormat: 'hex' },
          options,
        );
        if (this.#onReceipt) this.#client.onReceipt(this.#onReceipt);
        return this.#client;
      },
      (e: unknown) => {
        options.logger?.error({ err: e }, 'embedded SMPP simulator did not start');
        return undefined;
      },
    );
  }

  /** Up once the simulator listens and the client is bound to it. */
  isUp(): boolean {
    return this.#client?.isUp() ?? false;
  }

  /** Submits through the SMPP client; while the simulator is still starting, the message is retried. */
  async submit(message: OutboundMessage): Promise<SubmitOutcome> {
    return this.#client ? this.#client.submit(message) : { retry: 'embedded SMPP simulator is starting' };
  }

  /** Receipts come from the SMPP client, once it exists; the handler is handed on when it does. */
  onReceipt(handler: (receipt: Receipt) => Promise<void>): void {
    this.#onReceipt = handler;
    this.#client?.onReceipt(handler);
  }

  /** Nothing to do: the simulator resends receipts that were not acknowledged, as a real SMSC does. */
  resume(): void {}

  /** Unbinds the client, then stops the simulator. */
  async close(): Promise<void> {
    this.#closed = true;
    await (await this.#started)?.close();
    await this.#simulator.close();
  }
}
