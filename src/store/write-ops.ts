// Every write op by name: the write thread runs the op the gateway's thread names (src/store/write-thread.ts).
import type { WriteOp } from './write-op.ts';
import { deleteQueuedOp, submitOp } from './messages.ts';
import { claimOp, expireOp, finalOp, releaseOp, transferOp } from './outbox.ts';
import { heldReceiptOp, receiptOp } from './receipts.ts';

const OPS: ReadonlyArray<WriteOp<never, unknown>> = [
  submitOp, deleteQueuedOp,
  claimOp, transferOp, releaseOp, finalOp, expireOp,
  receiptOp, heldReceiptOp,
];

/** The ops by name; test/store/write-thread.test.ts checks that every op of src/store/ is here, once. */
export const WRITE_OPS: ReadonlyMap<string, WriteOp<unknown, unknown>> = new Map(OPS.map((op) => [op.name, op as WriteOp<unknown, unknown>]));
