// Builds the configured connectors: the built-in simulator, SMPP clients, SMTP relays.
import type { SimulatorConfig } from '../config.ts';
import type { Connector } from './connector.ts';
import type { ConnectorConfig } from './connector-config.ts';
import { repeatedName } from './delivery-config.ts';
import type { DispatcherLogger } from './dispatcher-options.ts';
import { SimulatorConnector } from './simulator.ts';
import { SmppSimulatorConnector } from './smpp-simulator-connector.ts';
import { SmppConnector } from './smpp/smpp-connector.ts';
import { SmtpConnector } from './smtp-connector.ts';

/** What connectors share: the simulator's timings, and where they log. */
export interface ConnectorDeps {
  simulator: SimulatorConfig;
  logger?: DispatcherLogger;
}

/** One connector per config entry, in order; SMPP connectors start connecting at once. Throws on a repeated name. */
export function buildConnectors(configs: ConnectorConfig[], deps: ConnectorDeps): Connector[] {
  const repeated = repeatedName(configs);
  if (repeated !== undefined) throw new Error(`two connectors are named "${repeated}"`);
  const { logger } = deps;
  return configs.map((config) => {
    switch (config.type) {
      case 'simulator':
        return new SimulatorConnector(deps.simulator, config.name);
      case 'smpp-simulator':
        return new SmppSimulatorConnector(config.name, deps.simulator, { logger });
      case 'smpp':
        return new SmppConnector(config, { logger });
      case 'smtp':
        return new SmtpConnector(config, { logger });
    }
  });
}
