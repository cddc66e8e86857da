// HTTPS serving (issue 7, docs/security.md): the configured certificate and key, and a clear refusal to start without a pair.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';
import { DATABASES } from '../support/databases.ts';
import { FAST_CONFIG, startTestServer } from '../support/server.ts';
import { encodeQuery } from '../support/smsc-client.ts';
import { waitFor } from '../support/wait.ts';
import { httpsGet, openRaw } from './raw-http.ts';

const sqlite = DATABASES[0]!;
const OPENSSL_MISSING = spawnSync('openssl', ['version']).error ? 'the openssl command is not installed: cannot make a test certificate' : false;

/** A throwaway self-signed certificate for 127.0.0.1 and its key, as PEM files in a directory removed after the test. */
function selfSignedCertificate(t: TestContext, name = 'server'): { certFile: string; keyFile: string; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
  ]);
  assert.equal(made.status, 0, `openssl failed: ${made.stderr}`);
  return { certFile, keyFile, cert: readFileSync(certFile) };
}

test('with a certificate and key the API serves HTTPS: send and status over TLS', { skip: OPENSSL_MISSING }, async (t) => {
  const { certFile, keyFile, cert } = selfSignedCertificate(t);
  const server = await startTestServer(t, sqlite, { tlsCertFile: certFile, tlsKeyFile: keyFile });
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const apiKey = await server.account('demo');
  const sent = await httpsGet(`${server.url}/sys/send.php?${encodeQuery({ apikey: apiKey, phones: '79991234567', mes: 'over tls', fmt: 3 }, 'utf-8')}`, cert);
  assert.deepEqual(sent, { status: 200, text: '{\n"id": 1,\n"cnt": 1\n}' });
  const status = await waitFor('the message to be delivered, read over HTTPS', async () => {
    const answer = await httpsGet(`${server.url}/sys/status.php?${encodeQuery({ apikey: apiKey, phone: '79991234567', id: 1, fmt: 1 }, 'utf-8')}`, cert);
    return answer.text.startsWith('1,') && answer;
  });
  assert.equal(status.status, 200);
  await assert.rejects(httpsGet(`${server.url}/healthz`, undefined), /self[- ]signed/, 'a client that does not trust the certificate is refused');
});

test('plain HTTP to the HTTPS port gets no SMSC answer', { skip: OPENSSL_MISSING }, async (t) => {
  const { certFile, keyFile } = selfSignedCertificate(t);
  const server = await startTestServer(t, sqlite, { tlsCertFile: certFile, tlsKeyFile: keyFile });
  await server.account('demo');
  const plain = await openRaw(t, server.url);
  plain.socket.write('GET /sys/balance.php?login=demo&psw=S3cret-pass HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await waitFor('the server to close the plain-text connection', () => plain.closed());
  assert.doesNotMatch(plain.received(), /100\.00|HTTP\/1\.1 200/, `no answer in clear text: ${JSON.stringify(plain.received())}`);
});

test('TLS settings: a lone certificate or key, an unreadable file or a key of another certificate refuse to start', { skip: OPENSSL_MISSING }, async (t) => {
  const first = selfSignedCertificate(t, 'first');
  const second = selfSignedCertificate(t, 'second');
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-tls-db-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const start = (tls: { tlsCertFile: string; tlsKeyFile: string }) =>
    startServer({ ...DEFAULT_CONFIG, ...FAST_CONFIG, db: join(dir, 'never-opened.sqlite'), ...tls });
  await assert.rejects(start({ tlsCertFile: first.certFile, tlsKeyFile: '' }), /tlsCertFile and tlsKeyFile \(OPENSMSC_TLS_CERT, OPENSMSC_TLS_KEY\) must be given together/);
  await assert.rejects(start({ tlsCertFile: '', tlsKeyFile: first.keyFile }), /must be given together/);
  await assert.rejects(start({ tlsCertFile: join(dir, 'missing.crt'), tlsKeyFile: first.keyFile }), /cannot read tlsCertFile .*missing\.crt: ENOENT/);
  await assert.rejects(start({ tlsCertFile: first.certFile, tlsKeyFile: join(dir, 'missing.key') }), /cannot read tlsKeyFile .*missing\.key: ENOENT/);
  await assert.rejects(start({ tlsCertFile: first.certFile, tlsKeyFile: second.keyFile }), /are not a PEM certificate and its private key: .*mismatch/);
  await assert.rejects(start({ tlsCertFile: first.keyFile, tlsKeyFile: first.keyFile }), /are not a PEM certificate and its private key/);
});

test('TLS files come from the config file or OPENSMSC_TLS_CERT and OPENSMSC_TLS_KEY', () => {
  const config = loadConfig({}, { OPENSMSC_TLS_CERT: '/etc/opensmsc/cert.pem', OPENSMSC_TLS_KEY: '/etc/opensmsc/key.pem' });
  assert.deepEqual([config.tlsCertFile, config.tlsKeyFile], ['/etc/opensmsc/cert.pem', '/etc/opensmsc/key.pem']);
  assert.deepEqual([DEFAULT_CONFIG.tlsCertFile, DEFAULT_CONFIG.tlsKeyFile], ['', ''], 'plain HTTP unless configured');
});
