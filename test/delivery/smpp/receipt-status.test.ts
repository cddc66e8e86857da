// The receipt table of docs/status-mapping.md: message_state and err: to SMSC status and err.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { receiptStatus } from '../../../src/delivery/smpp/receipt-status.ts';

test('each final message_state (SMPP 3.4 §5.2.28) maps as docs/status-mapping.md says', () => {
  const table: Array<[state: number, err: number | undefined, expected: { status: number; err: number } | undefined]> = [
    [2, 0, { status: 1, err: 0 }],
    [2, 17, { status: 1, err: 0 }],
    [3, undefined, { status: 3, err: 245 }],
    [3, 0, { status: 3, err: 245 }],
    [3, 6, { status: 3, err: 6 }],
    [5, 1, { status: 20, err: 1 }],
    [5, 0, { status: 20, err: 255 }],
    [5, 99, { status: 20, err: 255 }],
    [4, undefined, { status: 20, err: 255 }],
    [7, 13, { status: 20, err: 13 }],
    [8, 253, { status: 23, err: 253 }],
    [8, undefined, { status: 23, err: 255 }],
    [1, undefined, undefined],
    [6, 0, undefined],
    [9, 0, undefined],
  ];
  for (const [state, err, expected] of table) assert.deepEqual(receiptStatus(state, err), expected, `state ${state} err ${err}`);
});
