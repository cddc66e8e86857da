// Connectors and routes from the config file: defaults filled in, every setting checked, readable errors.
import type { Result } from '../result.ts';
import type { MessageKind } from '../wire/types.ts';
import type { ConnectorConfig, RouteRule, SmppConnectorConfig, SmtpConnectorConfig } from './connector-config.ts';

/** The connectors and the ordered routes over them. */
export interface DeliveryConfig {
  connectors: ConnectorConfig[];
  routes: RouteRule[];
}

/** `npm start`: SMS over SMPP to a simulator in the same process; e-mail to the built-in simulator. */
export const DEFAULT_DELIVERY: DeliveryConfig = {
  connectors: [
    { type: 'smpp-simulator', name: 'smsc' },
    { type: 'simulator', name: 'simulator' },
  ],
  routes: [{ kinds: ['mail'], connectors: ['simulator'] }, { connectors: ['smsc'] }],
};

type SmppRequired = 'type' | 'name' | 'host' | 'port' | 'systemId' | 'password';

/** What an SMPP connector gets for each setting it leaves out (connector-config.ts). */
export const SMPP_DEFAULTS: Omit<SmppConnectorConfig, SmppRequired> = {
  systemType: '',
  bind: 'transceiver',
  window: 10,
  throughputPerSecond: 100,
  enquireLinkSeconds: 30,
  reconnectMinMs: 1000,
  reconnectMaxMs: 30_000,
  submitTimeoutMs: 10_000,
  // SMPP 3.4 §5.2.5, §5.2.6: alphanumeric (TON 5, NPI 0) and international ISDN (TON 1, NPI 1) addresses.
  sourceTonAlpha: 5,
  sourceNpiAlpha: 0,
  sourceTon: 1,
  sourceNpi: 1,
  destTon: 1,
  destNpi: 1,
  longMessages: 'udh',
  registeredDelivery: 1,
  idFormat: 'text',
};

/** What an SMTP connector gets for each setting it leaves out. */
export const SMTP_DEFAULTS: Pick<SmtpConnectorConfig, 'secure' | 'timeoutMs'> = { secure: false, timeoutMs: 30_000 };

// Names go into the database and into metric labels.
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Raised inside the parser with the readable reason; returned to the caller as a value. */
class ConfigError extends Error {}

/** Reads `connectors` and `routes` as a config file writes them; either may be absent (then the default). */
export function parseDeliveryConfig(raw: { connectors?: unknown; routes?: unknown }): Result<DeliveryConfig> {
  try {
    const connectors = raw.connectors === undefined ? DEFAULT_DELIVERY.connectors : list(raw.connectors, 'connectors').map(parseConnector);
    const repeated = repeatedName(connectors);
    if (repeated !== undefined) throw new ConfigError(`connectors: the name "${repeated}" is used twice`);
    const names = new Set(connectors.map((c) => c.name));
    const given = raw.routes !== undefined;
    const routes = given ? list(raw.routes, 'routes').map((r, i) => parseRoute(r, `routes[${i}]`)) : DEFAULT_DELIVERY.routes;
    routes.forEach((route, i) => {
      const unknown = route.connectors.find((name) => !names.has(name));
      if (unknown === undefined) return;
      const where = given ? `routes[${i}]` : 'the default route (no routes given)';
      throw new ConfigError(`${where} names connector "${unknown}", which is not among connectors (${[...names].join(', ') || 'none'})`);
    });
    return { connectors, routes };
  } catch (e) {
    if (e instanceof ConfigError) return { err: e };
    throw e;
  }
}

/** The first connector name that appears twice; receipts and restarts find their messages by name. */
export function repeatedName(connectors: ReadonlyArray<{ name: string }>): string | undefined {
  const seen = new Set<string>();
  for (const { name } of connectors) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

function parseConnector(raw: unknown, index: number): ConnectorConfig {
  const entry = object(raw, `connectors[${index}]`);
  const name = entry.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ConfigError(`connectors[${index}]: name must be 1-64 letters, digits, '_', '.' or '-', got ${JSON.stringify(name)}`);
  }
  const at = `connector "${name}"`;
  switch (entry.type) {
    case 'simulator':
    case 'smpp-simulator':
      only(entry, at, ['type', 'name']);
      return { type: entry.type, name };
    case 'smpp':
      return parseSmpp({ ...SMPP_DEFAULTS, ...entry }, name, at);
    case 'smtp':
      return parseSmtp({ ...SMTP_DEFAULTS, ...entry }, name, at);
    default:
      throw new ConfigError(`${at}: type must be simulator, smpp-simulator, smpp or smtp, got ${JSON.stringify(entry.type)}`);
  }
}

function parseSmpp(c: Record<string, unknown>, name: string, at: string): SmppConnectorConfig {
  only(c, at, ['type', 'name', 'host', 'port', 'systemId', 'password', ...Object.keys(SMPP_DEFAULTS)]);
  const config: SmppConnectorConfig = {
    type: 'smpp',
    name,
    host: text(c, at, 'host', 1),
    port: integer(c, at, 'port', 1, 65535),
    systemId: text(c, at, 'systemId', 1),
    password: text(c, at, 'password', 0),
    systemType: text(c, at, 'systemType', 0),
    bind: oneOf(c, at, 'bind', ['transceiver', 'transmitter+receiver'] as const),
    window: integer(c, at, 'window', 1, 10_000),
    throughputPerSecond: positive(c, at, 'throughputPerSecond'),
    enquireLinkSeconds: positive(c, at, 'enquireLinkSeconds'),
    reconnectMinMs: integer(c, at, 'reconnectMinMs', 0, Number.MAX_SAFE_INTEGER),
    reconnectMaxMs: integer(c, at, 'reconnectMaxMs', 0, Number.MAX_SAFE_INTEGER),
    submitTimeoutMs: integer(c, at, 'submitTimeoutMs', 1, Number.MAX_SAFE_INTEGER),
    // SMPP 3.4 §5.2.5 defines TON 0-6, §5.2.6 NPI 0-18.
    sourceTonAlpha: integer(c, at, 'sourceTonAlpha', 0, 6),
    sourceNpiAlpha: integer(c, at, 'sourceNpiAlpha', 0, 18),
    sourceTon: integer(c, at, 'sourceTon', 0, 6),
    sourceNpi: integer(c, at, 'sourceNpi', 0, 18),
    destTon: integer(c, at, 'destTon', 0, 6),
    destNpi: integer(c, at, 'destNpi', 0, 18),
    longMessages: oneOf(c, at, 'longMessages', ['udh', 'sar', 'payload'] as const),
    registeredDelivery: oneOf(c, at, 'registeredDelivery', [0, 1] as const),
    idFormat: oneOf(c, at, 'idFormat', ['hex', 'decimal', 'text'] as const),
  };
  if (config.reconnectMinMs > config.reconnectMaxMs) throw new ConfigError(`${at}: reconnectMinMs must not exceed reconnectMaxMs`);
  return config;
}

function parseSmtp(c: Record<string, unknown>, name: string, at: string): SmtpConnectorConfig {
  only(c, at, ['type', 'name', 'host', 'port', 'secure', 'user', 'password', 'from', 'timeoutMs']);
  if (typeof c.secure !== 'boolean') throw new ConfigError(`${at}: secure must be true or false`);
  return {
    type: 'smtp',
    name,
    host: text(c, at, 'host', 1),
    port: integer(c, at, 'port', 1, 65535),
    secure: c.secure,
    ...(c.user === undefined ? {} : { user: text(c, at, 'user', 0) }),
    ...(c.password === undefined ? {} : { password: text(c, at, 'password', 0) }),
    from: text(c, at, 'from', 1),
    timeoutMs: integer(c, at, 'timeoutMs', 1, Number.MAX_SAFE_INTEGER),
  };
}

function parseRoute(raw: unknown, at: string): RouteRule {
  const r = object(raw, at);
  only(r, at, ['prefixes', 'countries', 'mccmnc', 'kinds', 'connectors']);
  const route: RouteRule = { connectors: strings(r.connectors, `${at}.connectors`, NAME, 'connector names') };
  if (route.connectors.length === 0) throw new ConfigError(`${at}.connectors must name at least one connector`);
  if (r.prefixes !== undefined) route.prefixes = strings(r.prefixes, `${at}.prefixes`, /^[0-9]{1,15}$/, 'digit strings');
  if (r.countries !== undefined) route.countries = strings(r.countries, `${at}.countries`, /^[A-Z]{2}$/, 'ISO 3166 codes like "RU"');
  if (r.mccmnc !== undefined) route.mccmnc = strings(r.mccmnc, `${at}.mccmnc`, /^[0-9]{5,6}$/, 'MCC+MNC digits like "25001"');
  if (r.kinds !== undefined) route.kinds = strings(r.kinds, `${at}.kinds`, /^(sms|flash|mail)$/, 'sms, flash, mail') as MessageKind[];
  return route;
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new ConfigError(`${at} must be a list`);
  return value;
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${at} must be an object`);
  return value as Record<string, unknown>;
}

/** A misspelt setting would otherwise fall back to its default without a word. */
function only(entry: Record<string, unknown>, at: string, allowed: string[]): void {
  const unknown = Object.keys(entry).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new ConfigError(`${at}: unknown setting "${unknown}"`);
}

function strings(value: unknown, at: string, pattern: RegExp, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && pattern.test(v))) throw new ConfigError(`${at} must be a list of ${what}`);
  return value as string[];
}

function text(c: Record<string, unknown>, at: string, key: string, minLength: number): string {
  const value = c[key];
  if (typeof value !== 'string' || value.length < minLength) {
    throw new ConfigError(`${at}: ${key} must be ${minLength > 0 ? 'a non-empty string' : 'a string'}${value === undefined ? ' (missing)' : ''}`);
  }
  return value;
}

function integer(c: Record<string, unknown>, at: string, key: string, min: number, max: number): number {
  const value = c[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${at}: ${key} must be an integer ${min}..${max}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  }
  return value;
}

function positive(c: Record<string, unknown>, at: string, key: string): number {
  const value = c[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(`${at}: ${key} must be a positive number`);
  return value;
}

function oneOf<T extends string | number>(c: Record<string, unknown>, at: string, key: string, values: readonly T[]): T {
  const value = c[key];
  if (!values.includes(value as T)) throw new ConfigError(`${at}: ${key} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}
