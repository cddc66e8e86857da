// The opensmsc command: serve the gateway, manage accounts.
import { Command } from 'commander';
import { loadConfig } from './config.ts';
import { openStore } from './store/database.ts';
import { startServer, DEFAULT_LOGGER } from './server.ts';
import { registerAccountCommands } from './cli/accounts.ts';
import { registerHistoryCommand } from './cli/history.ts';
import { registerNumberingCommands } from './cli/numbering.ts';
import { registerSimCommand } from './cli/sim.ts';
import { registerTariffCommands } from './cli/tariffs.ts';

/** How long SIGINT/SIGTERM waits for requests, delivery and the store to close; a second signal exits at once. */
const SHUTDOWN_GRACE_MS = 10_000;

const program = new Command('opensmsc').description('Self-hosted SMS and e-mail gateway with the SMSC HTTP API');

program
  .command('serve')
  .description('run the gateway: HTTP API, outbox dispatcher and the configured connectors (default: the built-in carrier simulator)')
  .option('--host <host>', 'address to listen on (HOST; default 127.0.0.1)')
  .option('--port <port>', 'port to listen on (PORT; default 8080)')
  .option('--db <db>', 'SQLite file path or postgres:// URL (OPENSMSC_DB; default data/opensmsc.sqlite)')
  .option('--config <file>', 'JSON config file (OPENSMSC_CONFIG); see docs/configuration.md')
  .action(async (options: { host?: string; port?: string; db?: string; config?: string }) => {
    const config = loadConfig({ host: options.host, port: options.port, db: options.db, configFile: options.config });
    const server = await startServer(config, { logger: DEFAULT_LOGGER });
    server.app.log.info({ url: server.url, db: config.db.replace(/\/\/[^@]*@/, '//***@') }, 'opensmsc listening');
    const stop = async () => {
      // A stop that stalls (a peer that never answers) must not keep the process: exit anyway after the grace.
      setTimeout(() => {
        server.app.log.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'graceful stop took too long, exiting');
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // `opensmsc numbering import-…` writes the tables; SIGHUP makes a running gateway read them (docs/numbering.md).
    process.on('SIGHUP', () => {
      server.numbers.reload().then(
        () => server.app.log.info('numbering imports reloaded'),
        (e: unknown) => server.app.log.error({ err: e }, 'numbering reload failed; the previous data stays in use'),
      );
    });
  });

/** The store a one-shot command works on: --db, else OPENSMSC_DB, else the default file. */
function openStoreFor(db?: string) {
  const config = loadConfig({ db });
  return openStore(config.db, { sqliteSynchronous: config.sqliteSynchronous });
}

registerAccountCommands(program, openStoreFor);
registerHistoryCommand(program, openStoreFor);
registerNumberingCommands(program, openStoreFor);
registerSimCommand(program);
registerTariffCommands(program, openStoreFor);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.stderr.write(`opensmsc: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
