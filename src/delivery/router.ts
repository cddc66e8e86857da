// Routing: the first rule whose conditions all hold names the connectors a message may leave by, in failover order.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { MessageKind } from '../wire/types.ts';
import type { Connector } from './connector.ts';
import type { RouteRule } from './connector-config.ts';

/** What routing looks at: the address, the kind, and the MCC/MNC stored with the message ('' when unknown). */
export interface RoutedMessage {
  address: string;
  kind: MessageKind;
  mccmnc: string;
}

interface Route {
  rule: RouteRule;
  connectors: Connector[];
}

/** Ordered routing rules resolved to connector instances. */
export class Router {
  readonly #routes: Route[];
  readonly #needsCountry: boolean;

  /** Throws when a rule names a connector that is not in `connectors` (a config error, found at start). */
  constructor(rules: RouteRule[], connectors: Map<string, Connector>) {
    this.#routes = rules.map((rule, i) => ({
      rule,
      connectors: rule.connectors.map((name) => {
        const connector = connectors.get(name);
        if (!connector) throw new Error(`route ${i + 1} names connector "${name}", which is not configured`);
        return connector;
      }),
    }));
    this.#needsCountry = rules.some((rule) => rule.countries);
  }

  /** The connectors of the first matching rule, in failover order; [] when no rule matches (no route). */
  candidates(message: RoutedMessage): Connector[] {
    // Parsing a number costs far more than the other conditions: only when some rule asks for a country.
    const country = this.#needsCountry ? countryOfAddress(message.address) : undefined;
    const route = this.#routes.find(({ rule }) => matches(rule, message, country));
    return route ? route.connectors : [];
  }
}

function matches(rule: RouteRule, message: RoutedMessage, country: string | undefined): boolean {
  if (rule.kinds && !rule.kinds.includes(message.kind)) return false;
  if (rule.prefixes && !(isPhone(message.address) && rule.prefixes.some((prefix) => message.address.startsWith(prefix)))) return false;
  if (rule.mccmnc && !rule.mccmnc.includes(message.mccmnc)) return false;
  if (rule.countries && !(country !== undefined && rule.countries.includes(country))) return false;
  return true;
}

function isPhone(address: string): boolean {
  return /^[0-9]+$/.test(address);
}

/** The ISO 3166 country of an international number: +7 7xx is Kazakhstan, the rest of +7 Russia. */
function countryOfAddress(address: string): string | undefined {
  return isPhone(address) ? parsePhoneNumberFromString(`+${address}`)?.country : undefined;
}
