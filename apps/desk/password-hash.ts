/**
 * Agents' password hashes: scrypt (node:crypto) with a salt of its own per hash, and the cost
 * parameters kept in the hash, so they can be raised later without locking anyone out.
 * Format: `scrypt$<N>$<r>$<p>$<salt, base64url>$<hash, base64url>`.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** 64 MiB of memory per hash: slow for a guesser, about a tenth of a second for a sign-in. */
const COST = { N: 2 ** 16, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, { N, r, p }: typeof COST): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` is the one `stored` was made from; false for a hash in another format. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every(Number.isSafeInteger)) return false;
  const expected = Buffer.from(key, 'base64url');
  const presented = await derive(password, Buffer.from(salt, 'base64url'), cost);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

let decoy: Promise<string> | undefined;

/** A hash of nothing anyone knows: checked for an unknown name, so a sign-in takes as long either way. */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  return decoy;
}
