// Routing rules: prefixes, countries (+7 shared by Russia and Kazakhstan), MCC/MNC, kinds; the first match wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router, type RoutedMessage } from '../../src/delivery/router.ts';
import { SimulatorConnector } from '../../src/delivery/simulator.ts';
import type { Connector } from '../../src/delivery/connector.ts';
import type { RouteRule } from '../../src/delivery/connector-config.ts';

const TIMINGS = { submitDelayMs: 1, receiptDelayMs: 1 };

/** A router over simulators named `names`; answers connector names so assertions read plainly. */
function router(rules: RouteRule[], names = ['a', 'b', 'c', 'mail']): (message: Partial<RoutedMessage>) => string[] {
  const connectors = new Map<string, Connector>(names.map((name) => [name, new SimulatorConnector(TIMINGS, name)]));
  const r = new Router(rules, connectors);
  return (message) => r.candidates({ address: '79161234567', kind: 'sms', mccmnc: '', ...message }).map((c) => c.name);
}

test('a prefix rule matches numbers that start with one of its prefixes', () => {
  const route = router([{ prefixes: ['7916', '7926'], connectors: ['a'] }, { prefixes: ['44'], connectors: ['b'] }]);
  assert.deepEqual(route({ address: '79161234567' }), ['a']);
  assert.deepEqual(route({ address: '79261234567' }), ['a']);
  assert.deepEqual(route({ address: '447700900123' }), ['b']);
  assert.deepEqual(route({ address: '79031234567' }), [], 'no rule: no route');
  assert.deepEqual(route({ address: '7916@example.com', kind: 'mail' }), [], 'prefixes never match an e-mail address');
});

test('countries come from the number: +7 7xx is Kazakhstan, the rest of +7 Russia', () => {
  const route = router([{ countries: ['KZ'], connectors: ['b'] }, { countries: ['RU', 'BY'], connectors: ['a'] }]);
  assert.deepEqual(route({ address: '77012345678' }), ['b'], 'Kcell mobile');
  assert.deepEqual(route({ address: '77272123456' }), ['b'], 'Almaty fixed line');
  assert.deepEqual(route({ address: '79161234567' }), ['a']);
  assert.deepEqual(route({ address: '375291234567' }), ['a'], 'Belarus');
  assert.deepEqual(route({ address: '447700900123' }), []);
  assert.deepEqual(route({ address: 'someone@example.ru', kind: 'mail' }), [], 'an e-mail address has no country');
});

test('mccmnc matches the MCC/MNC stored with the message; an unknown one matches no mccmnc rule', () => {
  const route = router([{ mccmnc: ['25001', '25002'], connectors: ['a'] }, { connectors: ['c'] }]);
  assert.deepEqual(route({ mccmnc: '25002' }), ['a']);
  assert.deepEqual(route({ mccmnc: '25099' }), ['c']);
  assert.deepEqual(route({ mccmnc: '' }), ['c']);
});

test('kinds split e-mail from SMS; every condition of a rule must hold', () => {
  const route = router([
    { kinds: ['mail'], connectors: ['mail'] },
    { kinds: ['flash'], prefixes: ['7916'], connectors: ['b'] },
    { kinds: ['sms', 'flash'], connectors: ['a'] },
  ]);
  assert.deepEqual(route({ address: 'someone@example.com', kind: 'mail' }), ['mail']);
  assert.deepEqual(route({ kind: 'flash' }), ['b']);
  assert.deepEqual(route({ kind: 'flash', address: '79031234567' }), ['a'], 'kind holds, prefix does not');
  assert.deepEqual(route({ kind: 'sms' }), ['a']);
});

test('the first matching rule wins and returns its connectors in failover order', () => {
  const route = router([{ prefixes: ['7'], connectors: ['b', 'a', 'c'] }, { prefixes: ['7916'], connectors: ['a'] }, { connectors: ['c'] }]);
  assert.deepEqual(route({ address: '79161234567' }), ['b', 'a', 'c']);
  assert.deepEqual(route({ address: '380501234567' }), ['c'], 'a rule without conditions matches everything');
});

test('a rule naming a connector that does not exist is refused at start', () => {
  assert.throws(() => router([{ connectors: ['a'] }, { connectors: ['b', 'missing'] }], ['a', 'b']), {
    message: 'route 2 names connector "missing", which is not configured',
  });
});
