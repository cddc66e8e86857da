// `opensmsc sim` in a process of its own: the one SMSC both systems submit to in a benchmark.
import { spawn } from 'node:child_process';
import type { Teardown } from './teardown.ts';
import { freePorts } from '../test/support/kannel.ts';

const READY_TIMEOUT_MS = 20_000;
/** The credentials the simulator accepts; Kannel sends at most 8 password characters (docs/interop.md). */
export const SIMULATOR_CREDENTIALS = { systemId: 'bench', password: 'benchpw' };

/** A running simulator: its SMPP port on 127.0.0.1 and its process id. */
export interface SimulatorProcess {
  port: number;
  pid: number;
}

/** Starts `opensmsc sim` on a free loopback port, receipts sent as soon as a message is complete; stopped by the teardown. */
export async function startSimulatorProcess(teardown: Teardown): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sim', '--port', '0', '--receipt-delay', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  teardown.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`waited ${READY_TIMEOUT_MS} ms for opensmsc sim to say its port`)), READY_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`opensmsc sim exited (${code}) before it listened`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^port: (\d+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  return { port, pid: child.pid as number };
}

/** The SMSC a gateway under test is routed to: its port, and whether nobody listens there. */
export interface Carrier {
  port: number;
  down: boolean;
}

/** The simulator (carrier up), or a loopback port nobody listens on (carrier down). */
export async function startCarrier(teardown: Teardown, carrier: 'up' | 'down'): Promise<Carrier> {
  if (carrier === 'up') return { port: (await startSimulatorProcess(teardown)).port, down: false };
  const [port] = await freePorts(1);
  return { port: port!, down: true };
}
