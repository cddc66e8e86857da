// Password hashing: scrypt over the md5 of the password, so SMSC's `psw` may be the password or its md5 (spec §2).
import { hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const SCHEME = 'scrypt';
const COST = { N: 16384, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MD5_HEX = /^[0-9a-f]{32}$/;

/** Hashes a password for storage as `scrypt$N$r$p$saltB64$hashB64`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(md5Hex(password), salt, COST.N, COST.r, COST.p);
  return [SCHEME, COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `psw` is the password, or its lowercase md5 hex, that `stored` was made from. */
export async function verifyPassword(psw: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== SCHEME) return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_BYTES) return false;
  // A plain password that happens to be 32 hex characters must still work, so md5(psw) is always tried.
  const candidates = MD5_HEX.test(psw) ? [psw, md5Hex(psw)] : [md5Hex(psw)];
  for (const candidate of candidates) {
    if (timingSafeEqual(await derive(candidate, salt, N, r, p), expected)) return true;
  }
  return false;
}

function md5Hex(text: string): string {
  return hash('md5', text, 'hex');
}

function derive(secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  // scrypt needs about 128·N·r·p bytes; the default maxmem (32 MiB) would refuse larger stored costs.
  const maxmem = 256 * N * r * p;
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
