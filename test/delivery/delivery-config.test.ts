// Connectors and routes from the config file: defaults for what a file leaves out, readable errors for what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DELIVERY, SMPP_DEFAULTS, SMTP_DEFAULTS, parseDeliveryConfig } from '../../src/delivery/delivery-config.ts';
import { loadConfig } from '../../src/config.ts';
import { isFailure } from '../../src/result.ts';

const SMPP = { type: 'smpp', name: 'mts', host: '127.0.0.1', port: 2775, systemId: 'opensmsc', password: 'secret' };
const SMTP = { type: 'smtp', name: 'mail', host: 'smtp.example.com', port: 587, from: 'sms@example.com' };

/** The error message parseDeliveryConfig gives for `raw`; fails when it accepts it. */
function refusal(raw: { connectors?: unknown; routes?: unknown }): string {
  const result = parseDeliveryConfig(raw);
  assert.ok(isFailure(result), `accepted ${JSON.stringify(raw)}`);
  return result.err.message;
}

test('without connectors and routes, SMS go over SMPP to the embedded simulator and e-mail to the built-in one', () => {
  assert.deepEqual(parseDeliveryConfig({}), DEFAULT_DELIVERY);
  assert.deepEqual(DEFAULT_DELIVERY, {
    connectors: [
      { type: 'smpp-simulator', name: 'smsc' },
      { type: 'simulator', name: 'simulator' },
    ],
    routes: [{ kinds: ['mail'], connectors: ['simulator'] }, { connectors: ['smsc'] }],
  });
});

test('partial SMPP and SMTP settings get the documented defaults', () => {
  const parsed = parseDeliveryConfig({
    connectors: [{ ...SMPP, window: 50, longMessages: 'sar' }, SMTP],
    routes: [{ kinds: ['mail'], connectors: ['mail'] }, { countries: ['RU'], prefixes: ['79'], mccmnc: ['25001'], connectors: ['mts'] }],
  });
  assert.ok(!isFailure(parsed));
  assert.deepEqual(parsed.connectors, [
    { ...SMPP_DEFAULTS, ...SMPP, window: 50, longMessages: 'sar' },
    { ...SMTP_DEFAULTS, ...SMTP },
  ]);
  assert.deepEqual(SMPP_DEFAULTS, {
    systemType: '', bind: 'transceiver', window: 10, throughputPerSecond: 100, enquireLinkSeconds: 30, reconnectMinMs: 1000,
    reconnectMaxMs: 30_000, submitTimeoutMs: 10_000, sourceTonAlpha: 5, sourceNpiAlpha: 0, sourceTon: 1, sourceNpi: 1, destTon: 1, destNpi: 1,
    longMessages: 'udh', registeredDelivery: 1, idFormat: 'text',
  }, 'connector-config.ts documents these');
  assert.deepEqual(parsed.routes[1], { countries: ['RU'], prefixes: ['79'], mccmnc: ['25001'], connectors: ['mts'] });
});

test('each mistake is refused with a message that names the connector or route and the setting', () => {
  const cases: Array<[raw: { connectors?: unknown; routes?: unknown }, message: string]> = [
    [{ connectors: [SMPP], routes: [{ connectors: ['mts', 'beeline'] }] }, 'routes[0] names connector "beeline", which is not among connectors (mts)'],
    [{ connectors: [SMPP] }, 'the default route (no routes given) names connector "simulator", which is not among connectors (mts)'],
    [{ connectors: [SMPP, { ...SMTP, name: 'mts' }] }, 'connectors: the name "mts" is used twice'],
    [{ connectors: [{ ...SMPP, port: 70000 }], routes: [] }, 'connector "mts": port must be an integer 1..65535, got 70000'],
    [{ connectors: [{ ...SMPP, port: '2775' }], routes: [] }, 'connector "mts": port must be an integer 1..65535, got "2775"'],
    [{ connectors: [{ ...SMPP, port: undefined }], routes: [] }, 'connector "mts": port must be an integer 1..65535, got nothing'],
    [{ connectors: [{ ...SMPP, host: '' }], routes: [] }, 'connector "mts": host must be a non-empty string'],
    [{ connectors: [{ ...SMPP, systemID: 'x' }], routes: [] }, 'connector "mts": unknown setting "systemID"'],
    [{ connectors: [{ ...SMPP, bind: 'receiver' }], routes: [] }, 'connector "mts": bind must be one of transceiver, transmitter+receiver, got "receiver"'],
    [{ connectors: [{ ...SMPP, destTon: 9 }], routes: [] }, 'connector "mts": destTon must be an integer 0..6, got 9'],
    [{ connectors: [{ ...SMPP, reconnectMinMs: 5000, reconnectMaxMs: 1000 }], routes: [] }, 'connector "mts": reconnectMinMs must not exceed reconnectMaxMs'],
    [{ connectors: [{ ...SMPP, throughputPerSecond: 0 }], routes: [] }, 'connector "mts": throughputPerSecond must be a positive number'],
    [{ connectors: [{ ...SMTP, secure: 'yes' }], routes: [] }, 'connector "mail": secure must be true or false'],
    [{ connectors: [{ type: 'http', name: 'x' }], routes: [] }, 'connector "x": type must be simulator, smpp-simulator, smpp or smtp, got "http"'],
    [{ connectors: [{ type: 'simulator', name: 'bad name' }] }, `connectors[0]: name must be 1-64 letters, digits, '_', '.' or '-', got "bad name"`],
    [{ connectors: {} }, 'connectors must be a list'],
    [{ routes: [{ connectors: [] }] }, 'routes[0].connectors must name at least one connector'],
    [{ routes: [{ prefixes: ['+7'], connectors: ['simulator'] }] }, 'routes[0].prefixes must be a list of digit strings'],
    [{ routes: [{ countries: ['ru'], connectors: ['simulator'] }] }, 'routes[0].countries must be a list of ISO 3166 codes like "RU"'],
    [{ routes: [{ kinds: ['sms', 'viber'], connectors: ['simulator'] }] }, 'routes[0].kinds must be a list of sms, flash, mail'],
    [{ routes: [{ prefix: ['7'], connectors: ['simulator'] }] }, 'routes[0]: unknown setting "prefix"'],
  ];
  for (const [raw, message] of cases) assert.equal(refusal(raw), message);
});

test('loadConfig reads connectors and routes from the file and refuses a bad one at start', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ connectors: [{ type: 'simulator', name: 'sim' }, SMPP], routes: [{ prefixes: ['7'], connectors: ['mts', 'sim'] }] }));
  const config = loadConfig({ configFile: file }, {});
  assert.deepEqual(config.connectors, [{ type: 'simulator', name: 'sim' }, { ...SMPP_DEFAULTS, ...SMPP }]);
  assert.deepEqual(config.routes, [{ prefixes: ['7'], connectors: ['mts', 'sim'] }]);
  assert.deepEqual([loadConfig({}, {}).connectors, loadConfig({}, {}).routes], [DEFAULT_DELIVERY.connectors, DEFAULT_DELIVERY.routes]);

  writeFileSync(file, JSON.stringify({ connectors: [{ ...SMPP, port: 0 }] }));
  assert.throws(() => loadConfig({ configFile: file }, {}), { message: 'config: connector "mts": port must be an integer 1..65535, got 0' });
});
