// How connectors and routes are written in the config file (docs/connectors.md).
import type { MessageKind } from '../wire/types.ts';

/** The built-in carrier simulator (the default route of `npm start`). */
export interface SimulatorConnectorConfig {
  type: 'simulator';
  name: string;
}

/** An SMPP SMSC simulator in the same process, reached over loopback by a real SMPP client (`npm start`'s default). */
export interface SmppSimulatorConnectorConfig {
  type: 'smpp-simulator';
  name: string;
}

/** How long texts go over SMPP: UDH concatenation, SAR TLVs, or one message_payload. */
export type LongMessageMode = 'udh' | 'sar' | 'payload';

/** An SMPP 3.4 client (ESME) towards a carrier's SMSC. */
export interface SmppConnectorConfig {
  type: 'smpp';
  name: string;
  host: string;
  port: number;
  systemId: string;
  password: string;
  /** Default ''. */
  systemType: string;
  /** One transceiver bind, or a transmitter plus a receiver. Default 'transceiver'. */
  bind: 'transceiver' | 'transmitter+receiver';
  /** Submits awaiting submit_sm_resp at once. Default 10. */
  window: number;
  /** Most submit_sm PDUs a second (parts count one each). Default 100. */
  throughputPerSecond: number;
  /** Seconds between enquire_link when idle. Default 30. */
  enquireLinkSeconds: number;
  /** Reconnect backoff: first and longest wait, ms. Defaults 1000 and 30000. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** A submit not answered within this is a temporary failure. Default 10000. */
  submitTimeoutMs: number;
  /** Source address TON/NPI when the sender is alphanumeric, numeric; destination TON/NPI. Defaults 5, 0, 1, 1, 1, 1 (SMPP 3.4 §5.2.5–6). */
  sourceTonAlpha: number;
  sourceNpiAlpha: number;
  sourceTon: number;
  sourceNpi: number;
  destTon: number;
  destNpi: number;
  /** Default 'udh'. */
  longMessages: LongMessageMode;
  /** registered_delivery: 1 = always ask for a receipt (default), 0 = never. */
  registeredDelivery: 0 | 1;
  /**
   * How this SMSC writes message ids, so submit_sm_resp ids and receipt ids compare equal: 'hex' or
   * 'decimal' ids are compared as numbers (leading zeros and case do not matter); 'text' compares as is.
   * Default 'text'.
   */
  idFormat: 'hex' | 'decimal' | 'text';
}

/** E-mail through an SMTP relay (nodemailer). */
export interface SmtpConnectorConfig {
  type: 'smtp';
  name: string;
  host: string;
  port: number;
  /** TLS from the start (port 465 style). Default false (STARTTLS when offered). */
  secure: boolean;
  user?: string;
  password?: string;
  /** From address when the message names no sender. */
  from: string;
  /** Milliseconds for the whole SMTP exchange. Default 30000. */
  timeoutMs: number;
}

export type ConnectorConfig = SimulatorConnectorConfig | SmppSimulatorConnectorConfig | SmppConnectorConfig | SmtpConnectorConfig;

/** One ordered routing rule: the first rule whose conditions all hold sends the message to `connectors`. */
export interface RouteRule {
  /** Number prefixes (digits), any of which matches. */
  prefixes?: string[];
  /** ISO 3166 country codes of the number (libphonenumber-js), any of which matches. */
  countries?: string[];
  /** MCC+MNC of the number as stored with the message, any of which matches. */
  mccmnc?: string[];
  /** Message kinds, any of which matches. */
  kinds?: MessageKind[];
  /** Connector names in failover order: the first one that is up takes the message. */
  connectors: string[];
}
