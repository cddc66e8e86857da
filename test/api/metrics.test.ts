// GET /metrics over HTTP: delivery counters, receipt latency, queue gauges and connector state (docs/metrics.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

/** One sample of the Prometheus text format: `name{label="value",…} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the sample with exactly these labels, or undefined. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
}

async function scrape(url: string): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, samples: parseSamples(text) };
}

for (const database of DATABASES) {
  test(`${database.name}: /metrics counts statuses, receipts and latency per connector, and reads the queue when scraped`, async (t) => {
    const server = await startTestServer(t, database, {
      connectors: [{ type: 'simulator', name: 'sim-a' }, { type: 'simulator', name: 'sim-b' }],
      // Only Russian numbers have a route: any other ends as 25 with no connector.
      routes: [{ prefixes: ['7'], connectors: ['sim-a'] }],
    });
    await server.account('demo');
    await server.account('virtual', { testMode: true });
    // docs/simulator.md test addresses: …020 fails by receipt (20), …022 is refused at submit (22), …000 never answers.
    const now = ['79991234567', '79991234568', '79991234569', '79990000020', '79990000022', '79990000000', '380501234567'];
    for (const phones of now) await server.call('/sys/send.php', { ...AUTH, phones, mes: 'now' });
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234570,79991234571', mes: 'later', time: '+60' });
    await server.call('/sys/send.php', { login: 'virtual', psw: 'S3cret-pass', phones: '79991234572', mes: 'virtual' });

    // Counters count what has committed, so the waiter waits for the last events: five transfers (the silent number's
    // may commit after the other receipts), four receipts applied, the unroutable message ended.
    const { text, samples } = await waitFor('five transfers, four receipts applied and the unroutable message ended on /metrics', async () => {
      const scraped = await scrape(server.url);
      const applied = valueOf(scraped.samples, 'opensmsc_receipts_total', { connector: 'sim-a', outcome: 'applied' });
      const transferred = valueOf(scraped.samples, 'opensmsc_messages_total', { status: '0', connector: 'sim-a' });
      const unroutable = valueOf(scraped.samples, 'opensmsc_messages_total', { status: '25', connector: '' });
      return applied === 4 && transferred === 5 && unroutable === 1 ? scraped : undefined;
    });

    for (const [family, type] of [
      ['opensmsc_messages_total', 'counter'],
      ['opensmsc_receipts_total', 'counter'],
      ['opensmsc_receipt_latency_seconds', 'histogram'],
      ['opensmsc_queue_depth', 'gauge'],
      ['opensmsc_in_flight', 'gauge'],
      ['opensmsc_orphan_receipts', 'gauge'],
      ['opensmsc_connector_up', 'gauge'],
      ['opensmsc_api_requests_total', 'counter'],
    ]) {
      assert.ok(text.includes(`# TYPE ${family} ${type}\n`), `${family} is a ${type}`);
    }

    const messages = samples.filter((s) => s.name === 'opensmsc_messages_total').map((s) => `${s.labels.status}@${s.labels.connector}=${s.value}`);
    // The virtual (test-mode) message never reaches a connector and is not counted: status 1 is the three real ones.
    assert.deepEqual(messages.sort(), ['0@sim-a=5', '1@sim-a=3', '20@sim-a=1', '22@sim-a=1', '25@=1']);
    assert.equal(valueOf(samples, 'opensmsc_receipts_total', { connector: 'sim-a', outcome: 'applied' }), 4);
    assert.equal(valueOf(samples, 'opensmsc_receipt_latency_seconds_count', { connector: 'sim-a' }), 4);
    const latency = valueOf(samples, 'opensmsc_receipt_latency_seconds_sum', { connector: 'sim-a' })!;
    assert.ok(latency > 0 && latency < 4 * 5, `receipt latencies sum to ${latency} s: each is about receiptDelayMs`);
    assert.equal(valueOf(samples, 'opensmsc_receipt_latency_seconds_bucket', { connector: 'sim-a', le: '300' }), 4, 'the last bucket is 300 s');
    assert.notEqual(valueOf(samples, 'opensmsc_receipt_latency_seconds_bucket', { connector: 'sim-a', le: '0.05' }), undefined, 'the first is 50 ms');
    assert.equal(valueOf(samples, 'opensmsc_queue_depth'), 2, 'the two scheduled messages wait');
    assert.equal(valueOf(samples, 'opensmsc_in_flight'), 1, 'the silent number waits for its receipt');
    assert.equal(valueOf(samples, 'opensmsc_orphan_receipts'), 0);
    assert.equal(valueOf(samples, 'opensmsc_connector_up', { connector: 'sim-a' }), 1);
    assert.equal(valueOf(samples, 'opensmsc_connector_up', { connector: 'sim-b' }), 1);

    await server.connectors.find((c) => c.name === 'sim-b')!.close();
    const after = await scrape(server.url);
    assert.equal(valueOf(after.samples, 'opensmsc_connector_up', { connector: 'sim-b' }), 0, 'a closed connector is down');
    assert.equal(valueOf(after.samples, 'opensmsc_connector_up', { connector: 'sim-a' }), 1);
  });

  test(`${database.name}: a receipt for no stored part is an orphan, a repeated one a duplicate`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'once' });
    const delivered = await waitFor('the message delivered', async () =>
      server.store.db.selectFrom('messages').select('carrier_id').where('status', '=', 1).executeTakeFirst(),
    );
    // resume() makes the simulator send a receipt for any id it is given, as a carrier repeating itself would.
    const simulator = server.connectors[0]!;
    simulator.resume([{ carrierId: delivered.carrier_id!, address: '79991234567' }, { carrierId: 'sim-unknown', address: '79991234567' }]);
    // Wait on the counters, not the orphan gauge: a counter moves once the intake has seen its commit, while the gauge
    // reads the table when scraped (after the counters), and on PostgreSQL can see the held row before the intake hears
    // of it. The receipt that set status 1 is counted before the duplicate: the duplicate's write waits for it.
    const { samples } = await waitFor('the orphan and the duplicate counted on /metrics', async () => {
      const scraped = await scrape(server.url);
      return valueOf(scraped.samples, 'opensmsc_receipts_total', { connector: 'simulator', outcome: 'orphan' }) === 1 &&
        valueOf(scraped.samples, 'opensmsc_receipts_total', { connector: 'simulator', outcome: 'duplicate' }) === 1
        ? scraped
        : undefined;
    });
    assert.equal(valueOf(samples, 'opensmsc_orphan_receipts'), 1, 'the orphan is held');
    assert.equal(valueOf(samples, 'opensmsc_receipts_total', { connector: 'simulator', outcome: 'applied' }), 1);
    assert.equal(valueOf(samples, 'opensmsc_receipt_latency_seconds_count', { connector: 'simulator' }), 1, 'only the receipt that set a status is timed');
    assert.equal(valueOf(samples, 'opensmsc_messages_total', { status: '1', connector: 'simulator' }), 1, 'a duplicate changes no status');
  });
}
