// The submit table of docs/status-mapping.md: a refused submit_sm's command_status to retry or final.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refusedSubmitOutcome } from '../../../src/delivery/smpp/submit-status.ts';

test('temporary statuses retry, naming the status (SMPP 3.4 §5.1.3)', () => {
  assert.deepEqual(refusedSubmitOutcome(0x58), { retry: 'ESME_RTHROTTLED 0x58' });
  assert.deepEqual(refusedSubmitOutcome(0x14), { retry: 'ESME_RMSGQFUL 0x14' });
  assert.deepEqual(refusedSubmitOutcome(0x08), { retry: 'ESME_RSYSERR 0x08' });
  assert.deepEqual(refusedSubmitOutcome(0x04), { retry: 'ESME_RINVBNDSTS 0x04' });
  assert.deepEqual(refusedSubmitOutcome(0x64), { retry: 'ESME_RX_T_APPN 0x64' });
});

test('permanent statuses end the message with a status and err (spec §4.3, §4.4)', () => {
  assert.deepEqual(refusedSubmitOutcome(0x0b), { final: { status: 22, err: 249 } });
  assert.deepEqual(refusedSubmitOutcome(0x0a), { final: { status: 23, err: 254 } });
  assert.deepEqual(refusedSubmitOutcome(0x45), { final: { status: 25, err: 248 } });
  for (const other of [0x01, 0x62, 0x66, 0xff, 0x400]) assert.deepEqual(refusedSubmitOutcome(other), { final: { status: 20, err: 255 } }, `0x${other.toString(16)}`);
});
