import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case: no i, l, o, u

/** A new opaque id with a type prefix, e.g. `mon_8f3k2m9q4x7t1c5b` (16 random base32 chars = 80 bits). */
export function newId(prefix: 'mon' | 'run' | 'int' | 'inc' | 'dlv' | 'tok' | 'mw'): string {
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return `${prefix}_${id}`;
}
