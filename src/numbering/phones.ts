// Recipient addresses: normalising phone numbers and e-mail addresses as send.php and status.php read them.

/** A normalised address, or the mark of one that cannot be delivered to. */
export type AddressResult = { address: string } | { invalid: true };

const INVALID: AddressResult = { invalid: true };

// Written inside numbers by people and ignored (docs/compatibility.md, send.php → Phones).
const SEPARATORS = /[\s().-]/g;

// E.164 allows at most 15 digits; fewer than 10 is no full international number (docs/compatibility.md).
const INTERNATIONAL = /^\d{10,15}$/;

/** Normalises a phone to international digits; a leading '+' turns off the Russian auto-correction. */
export function normalizePhone(raw: string): AddressResult {
  const compact = raw.replace(SEPARATORS, '');
  const explicit = compact.startsWith('+');
  let digits = explicit ? compact.slice(1) : compact;
  // Without '+', SMSC corrects numbers to international form (spec §3.1): the Russian trunk prefix 8
  // becomes country code 7, and a bare 10-digit mobile number 9xx gets it (choice, docs/compatibility.md).
  if (!explicit && digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  else if (!explicit && digits.length === 10 && digits.startsWith('9')) digits = `7${digits}`;
  return INTERNATIONAL.test(digits) ? { address: digits } : INVALID;
}

// RFC 5321 §4.5.3.1: a local part of at most 64 octets, a forward-path of at most 256 (254 without <>).
const MAX_LOCAL = 64;
const MAX_EMAIL = 254;
const MAX_LABEL = 63;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const UNSAFE = /[\s\p{Cc}]/u;

/** Checks an e-mail address pragmatically (one '@', a dotted domain) and lowercases its domain. */
export function normalizeEmail(raw: string): AddressResult {
  const email = raw.trim();
  if (email.length > MAX_EMAIL || UNSAFE.test(email)) return INVALID;
  const [local, domain, ...rest] = email.split('@');
  if (local === undefined || domain === undefined || rest.length > 0) return INVALID;
  if (local.length === 0 || local.length > MAX_LOCAL) return INVALID;
  const labels = domain.toLowerCase().split('.');
  if (labels.length < 2 || !labels.every((label) => label.length <= MAX_LABEL && LABEL.test(label))) return INVALID;
  // A top-level domain is never all digits; this refuses bare IPv4 addresses such as user@10.0.0.1.
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return INVALID;
  return { address: `${local}@${labels.join('.')}` };
}

/** The form under which a status.php `phone` (a phone or an e-mail) was stored; unparseable input is only trimmed. */
export function normalizeLookupAddress(raw: string): string {
  const result = raw.includes('@') ? normalizeEmail(raw) : normalizePhone(raw);
  return 'address' in result ? result.address : raw.trim();
}
