// The `opensmsc sim` command: a standalone SMSC simulator over SMPP for tests and benchmarks.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { errorFrom, type Result } from '../result.ts';
import { SmscSimulator } from '../delivery/smpp/smsc-simulator.ts';
import { parseSimulatorOptions, type SmscSimulatorOptions } from '../delivery/smpp/smsc-simulator-options.ts';

interface SimFlags {
  port: string;
  host: string;
  receiptDelay?: string;
  submitLatency?: string;
  config?: string;
}

/** Adds `sim --port N [--host H] [--receipt-delay MS] [--submit-latency MS] [--config FILE]` to `program`. */
export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('run a standalone SMSC simulator over SMPP 3.4; any system_id and password bind unless the config names credentials')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '2775')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--receipt-delay <ms>', 'delay from a complete message to its receipts')
    .option('--submit-latency <ms>', 'delay before each submit_sm_resp')
    .option('--config <file>', 'JSON file of simulator options (credentials, outcomeMix, throttle, window, …)')
    .action(async (flags: SimFlags) => {
      const options = simulatorOptions(flags);
      if (options.err) {
        process.stderr.write(`opensmsc sim: ${options.err.message}\n`);
        process.exitCode = 1;
        return;
      }
      const simulator = new SmscSimulator(options.options);
      const port = await simulator.listen(Number(flags.port), flags.host);
      process.stdout.write(`host: ${flags.host}\nport: ${port}\n`);
      const stop = async () => {
        await simulator.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

function simulatorOptions(flags: SimFlags): Result<{ options: SmscSimulatorOptions }> {
  let json: unknown = {};
  if (flags.config) {
    try {
      json = JSON.parse(readFileSync(flags.config, 'utf8'));
    } catch (e) {
      return { err: new Error(`cannot read config file ${flags.config}: ${errorFrom(e).message}`) };
    }
  }
  const fromFlags: Record<string, unknown> = {};
  if (flags.receiptDelay !== undefined) fromFlags.receiptDelayMs = Number(flags.receiptDelay);
  if (flags.submitLatency !== undefined) fromFlags.submitLatencyMs = Number(flags.submitLatency);
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { err: new Error('--port must be 0 to 65535') };
  return parseSimulatorOptions(typeof json === 'object' && json !== null ? { ...json, ...fromFlags } : json);
}
