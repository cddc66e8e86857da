// Account IP allowlists (spec §2): validating the stored comma-separated list and matching a client address.
import { BlockList, isIP } from 'node:net';

/** Validates a comma-separated list of IPs and CIDRs and returns it normalised (trimmed, no blanks). */
export function normaliseAllowlist(text: string): { allowlist: string } | { error: 'invalidAllowlist'; entry: string } {
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    if (!parseEntry(entry)) return { error: 'invalidAllowlist', entry };
  }
  return { allowlist: entries.join(',') };
}

/** True when `ip` is in the stored allowlist; an IPv4-mapped IPv6 address matches its IPv4 form. */
export function allowlistContains(allowlist: string, ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  const list = new BlockList();
  for (const entry of allowlist.split(',')) {
    const parsed = parseEntry(entry);
    if (!parsed) continue;
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.type);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.type);
  }
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

interface Entry {
  address: string;
  type: 'ipv4' | 'ipv6';
  prefix?: number;
}

function parseEntry(entry: string): Entry | undefined {
  const [address = '', prefixText, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, type };
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return undefined;
  return { address, type, prefix };
}
