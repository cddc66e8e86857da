// The malformed bytes the simulator writes to a client on demand: random octets, a bad command_length, an unknown command_id.

/** Which kind of garbage the simulator sends (SmscSimulatorOptions.garbageKind). */
export type GarbageKind = 'random-bytes' | 'bad-length' | 'unknown-command';

/** Every kind, in the order the options name them. */
export const GARBAGE_KINDS: readonly GarbageKind[] = ['random-bytes', 'bad-length', 'unknown-command'];

// Enough random octets to hold a header and some body, as line noise or a confused peer would write.
const RANDOM_OCTETS = 64;
// SMPP 3.4 §3.2: command_length counts the 16-octet header, so anything shorter cannot be a PDU.
const SHORT_COMMAND_LENGTH = 8;
// No SMPP 3.4 command has this id (§5.1.2); a request bit pattern, so the client must answer it.
const UNKNOWN_COMMAND_ID = 0x00000999;
const HEADER_OCTETS = 16;

/** The octets of one piece of `kind` garbage; `random` draws the random ones. */
export function garbageBytes(kind: GarbageKind, random: () => number): Buffer {
  if (kind === 'random-bytes') return Buffer.from(Array.from({ length: RANDOM_OCTETS }, () => Math.floor(random() * 256)));
  const header = Buffer.alloc(HEADER_OCTETS);
  if (kind === 'bad-length') {
    header.writeUInt32BE(SHORT_COMMAND_LENGTH, 0);
    return header.subarray(0, SHORT_COMMAND_LENGTH);
  }
  header.writeUInt32BE(HEADER_OCTETS, 0);
  header.writeUInt32BE(UNKNOWN_COMMAND_ID, 4);
  header.writeUInt32BE(0, 8);
  // A sequence_number far from the client's own, so the client cannot take it for the answer to its request.
  header.writeUInt32BE(0x7fff0000, 12);
  return header;
}
