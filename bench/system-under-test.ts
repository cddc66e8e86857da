// What the accept and end-to-end measurements need from a gateway under test (OpenSMSC or Kannel).

/** How far delivery has got: messages with a final status, and messages not yet final (queued or awaiting a receipt). */
export interface DeliveryProgress {
  final: number;
  delivered: number;
  /** Waiting for the SMSC (OpenSMSC status -1; Kannel's queued messages). */
  queued: number;
  /** Taken by the SMSC, waiting for the receipt (OpenSMSC status 0; Kannel's queued DLRs). */
  awaitingReceipt: number;
}

/** A gateway started for a benchmark, fed by HTTP GET requests. */
export interface SystemUnderTest {
  name: string;
  /** Processes whose CPU and memory count as the gateway's. */
  pids: number[];
  /** The absolute URL of send request `index`, to `recipients` distinct numbers with a distinct text. */
  sendUrl(index: number, recipients: number): string;
  /** How many messages an answer accepted: the recipients on success, 0 on any refusal. */
  acceptedBy(status: number, body: string, recipients: number): number;
  progress(): Promise<DeliveryProgress>;
  /** Submit→receipt latencies in ms of every delivered part, where the system records both times. */
  receiptLatenciesMs?(): Promise<number[]>;
}

const PHONE_BASE = 79_100_000_000;

/** The recipients of send request `index`: distinct Russian mobile numbers, never a simulator test number. */
export function phonesOf(index: number, recipients: number): string[] {
  return Array.from({ length: recipients }, (_, r) => String(PHONE_BASE + index * recipients + r));
}

/** The text of send request `index`: distinct, so no identical-message limit applies. */
export function textOf(index: number): string {
  return `Bench message ${index}`;
}
