// Kannel's bearerbox and smsbox (Debian package kannel) run by hand for interop tests, loopback only, from a temp dir.
import type { TestContext } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorFrom } from '../../src/result.ts';
import { waitFor } from './wait.ts';

const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
const START_MS = 20_000;
const STOP_MS = 5_000;
const ADMIN_PASSWORD = 'interop-admin';
const SENDSMS_USER = { username: 'interop', password: 'interop-pw' };

/** Why Kannel tests cannot run on this machine, or false when both boxes are installed. */
export const kannelMissing: string | false =
  existsSync(BEARERBOX) && existsSync(SMSBOX) ? false : `${BEARERBOX} or ${SMSBOX} is missing (Debian package kannel)`;

/** The SMPP side of bearerbox's one smsc group. */
export interface KannelSmscOptions {
  port: number;
  systemId: string;
  password: string;
  systemType: string;
  /**
   * Kannel's msg-id-type: bit 0 set = submit_sm_resp ids are hex, bit 1 set = deliver_sm ids are hex, clear =
   * decimal; Kannel stores both as decimal so they compare. Unset means "compare as C strings".
   */
  msgIdType: 0x00 | 0x01 | 0x02 | 0x03;
}

/** How hard Kannel logs and queues; the interop tests use the defaults, benchmarks tune them. */
export interface KannelTuning {
  /** log-level of both boxes: 0 debug (every PDU, the tests' default) … 4 panic. */
  logLevel?: 0 | 1 | 2 | 3 | 4;
  /** max-pending-submits of the smsc group; unset = Kannel's default (10). */
  maxPendingSubmits?: number;
  /** Start without waiting for the SMSC to come online (a benchmark with the carrier down); default false. */
  smscMayBeDown?: boolean;
}

export interface Kannel {
  /** The smsc-id of the one SMPP connection. */
  smscId: string;
  /** bearerbox's and smsbox's process ids, e.g. to read /proc/<pid>/stat. */
  pids: number[];
  /** The URL of GET /cgi-bin/sendsms on smsbox with the sendsms-user's credentials and `params`. */
  sendsmsUrl(params: Record<string, string>): string;
  /** GET sendsmsUrl(params). */
  sendsms(params: Record<string, string>): Promise<{ status: number; body: string }>;
  /** bearerbox's /status.txt. */
  status(): Promise<string>;
}

/** Starts bearerbox and smsbox against `smsc`; waits until the SMSC is online and smsbox connected. Stopped by pid after the test. */
export async function startKannel(t: Pick<TestContext, 'after'>, smsc: KannelSmscOptions, tuning: KannelTuning = {}): Promise<Kannel> {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-kannel-'));
  const boxes: ChildProcess[] = [];
  t.after(async () => {
    for (const box of boxes.reverse()) await stop(box);
    rmSync(dir, { recursive: true, force: true });
  });
  const [adminPort, smsboxPort, sendsmsPort] = (await freePorts(3)) as [number, number, number];
  const smscId = 'opensmsc-sim';
  const configFile = join(dir, 'kannel.conf');
  writeFileSync(configFile, kannelConfig({ dir, adminPort, smsboxPort, sendsmsPort, smscId, smsc, tuning }));

  const admin = `http://127.0.0.1:${adminPort}`;
  const status = async () => (await fetch(`${admin}/status.txt?password=${ADMIN_PASSWORD}`)).text();
  boxes.push(startBox(BEARERBOX, configFile, join(dir, 'bearerbox.out')));
  await withLogs(dir, () => waitFor('bearerbox to answer on its admin port', () => status().then(() => true, () => undefined), { timeoutMs: START_MS }));
  boxes.push(startBox(SMSBOX, configFile, join(dir, 'smsbox.out')));
  const online = new RegExp(`^\\s*${smscId}\\[.*\\(online `, 'm');
  await withLogs(dir, () =>
    waitFor('the SMSC online and smsbox connected in Kannel\'s status', async () => {
      const text = await status();
      return (tuning.smscMayBeDown || online.test(text)) && /smsbox:.*on-line/.test(text) ? true : undefined;
    }, { timeoutMs: START_MS }),
  );

  const sendsmsUrl = (params: Record<string, string>) =>
    `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms?${new URLSearchParams({ ...SENDSMS_USER, ...params })}`;
  return {
    smscId,
    pids: boxes.map((box) => box.pid as number),
    status,
    sendsmsUrl,
    async sendsms(params) {
      const response = await fetch(sendsmsUrl(params));
      return { status: response.status, body: await response.text() };
    },
  };
}

/** An HTTP server on 127.0.0.1 for Kannel's dlr-url callbacks; `onCall` gets each one's query. Returns its URL; closed after the test. */
export async function startDlrRecorder(t: Pick<TestContext, 'after'>, onCall: (query: URLSearchParams) => void): Promise<string> {
  const server = createHttpServer((request, response) => {
    onCall(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams);
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/dlr`;
}

interface ConfigValues {
  dir: string;
  adminPort: number;
  smsboxPort: number;
  sendsmsPort: number;
  smscId: string;
  smsc: KannelSmscOptions;
  tuning: KannelTuning;
}

// Every listener on 127.0.0.1 (admin-interface, smsbox-interface, sendsms-interface), every box allowed from it only.
function kannelConfig({ dir, adminPort, smsboxPort, sendsmsPort, smscId, smsc, tuning }: ConfigValues): string {
  const logLevel = tuning.logLevel ?? 0;
  const pending = tuning.maxPendingSubmits === undefined ? '' : `max-pending-submits = ${tuning.maxPendingSubmits}\n`;
  return `group = core
admin-port = ${adminPort}
admin-interface = 127.0.0.1
admin-password = ${ADMIN_PASSWORD}
admin-allow-ip = 127.0.0.1
admin-deny-ip = "*.*.*.*"
smsbox-port = ${smsboxPort}
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
box-deny-ip = "*.*.*.*"
log-file = "${join(dir, 'bearerbox.log')}"
log-level = ${logLevel}
access-log = "${join(dir, 'access.log')}"
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = ${smscId}
host = 127.0.0.1
port = ${smsc.port}
transceiver-mode = true
smsc-username = ${smsc.systemId}
smsc-password = ${smsc.password}
system-type = ${smsc.systemType}
msg-id-type = 0x0${smsc.msgIdType}
reconnect-delay = 1
${pending}
group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${smsboxPort}
sendsms-port = ${sendsmsPort}
sendsms-interface = 127.0.0.1
log-file = "${join(dir, 'smsbox.log')}"
log-level = ${logLevel}

group = sendsms-user
username = ${SENDSMS_USER.username}
password = ${SENDSMS_USER.password}
concatenation = true
max-messages = 10
`;
}

function startBox(binary: string, configFile: string, outFile: string): ChildProcess {
  const out = openSync(outFile, 'a');
  const box = spawn(binary, [configFile], { stdio: ['ignore', out, out] });
  closeSync(out);
  box.on('error', () => {});
  return box;
}

/** SIGTERM by pid, SIGKILL if it is still there after STOP_MS. */
async function stop(box: ChildProcess): Promise<void> {
  if (box.exitCode !== null || box.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => box.once('exit', () => resolve()));
  box.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_MS)));
  if (await Promise.race([exited.then(() => false), late])) box.kill('SIGKILL');
  clearTimeout(timer);
}

/** Runs `wait`; a failure carries the end of the boxes' logs, since they say why Kannel did not come up. */
async function withLogs<T>(dir: string, wait: () => Promise<T>): Promise<T> {
  try {
    return await wait();
  } catch (error) {
    const tails = ['bearerbox.out', 'smsbox.out'].map((name) => {
      const path = join(dir, name);
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      return `--- ${name}:\n${text.split('\n').slice(-15).join('\n')}`;
    });
    throw new Error(`${errorFrom(error).message}\n${tails.join('\n')}`);
  }
}

/** `count` ports free on 127.0.0.1 right now (Kannel needs numbers; it cannot listen on port 0 and say where). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    }
    return servers.map((server) => {
      const address = server.address();
      return typeof address === 'object' && address ? address.port : 0;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
