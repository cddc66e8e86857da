// One SMPP simulator connection: its bind state, its window and submit counters, and whether a submit is throttled.
import type { SmscSimulatorOptions } from './smsc-simulator-options.ts';
import type { Pdu, SmppSession } from './smpp-lib.ts';

/** How a session bound (SMPP 3.4 §4.1). */
export type BindMode = 'transceiver' | 'transmitter' | 'receiver';

/** A connection's state (SMPP 3.4 §2.2): open until it binds, then bound in one mode, then closed. */
export type SessionState = { phase: 'open' } | { phase: 'bound'; mode: BindMode; systemId: string } | { phase: 'closed' };

/** What the simulator keeps per connection. */
export interface SessionContext {
  session: SmppSession;
  state: SessionState;
  unanswered: number;
  submits: number;
  second: number;
  submitsThisSecond: number;
  /** While the session stalls: the submit_sm_resp held until the stall ends. */
  stalled?: Pdu[];
  bindTimer?: NodeJS.Timeout;
}

/** A fresh context for a connection that has not bound yet. */
export function openContext(session: SmppSession): SessionContext {
  return { session, state: { phase: 'open' }, unanswered: 0, submits: 0, second: 0, submitsThisSecond: 0 };
}

/** Counts one submit of `context` at `now`; true when it is over perSecond this second or falls in the random fraction. */
export function throttles(context: SessionContext, now: number, throttle: SmscSimulatorOptions['throttle'], random: () => number): boolean {
  const { fraction = 0, perSecond } = throttle ?? {};
  const second = Math.floor(now / 1000);
  if (second !== context.second) {
    context.second = second;
    context.submitsThisSecond = 0;
  }
  context.submitsThisSecond += 1;
  if (perSecond !== undefined && context.submitsThisSecond > perSecond) return true;
  return fraction > 0 && random() < fraction;
}
