import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Prefix of generated tokens: recognisable in configs and by secret scanners. */
export const TOKEN_PREFIX = 'pw_';
const TOKEN_RANDOM_LENGTH = 32; // 32 base62 characters ≈ 190 bits

/** A new API token: `pw_` + 32 random base62 characters. Shown to its owner once, then only its hash is kept. */
export function generateToken(): string {
  let random = '';
  while (random.length < TOKEN_RANDOM_LENGTH) {
    for (const byte of randomBytes(TOKEN_RANDOM_LENGTH)) {
      // 248 = 4 × 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && random.length < TOKEN_RANDOM_LENGTH) random += BASE62[byte % 62];
    }
  }
  return TOKEN_PREFIX + random;
}

/** What the store keeps instead of the token: its SHA-256, hex. Tokens are random, so no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Printable ASCII without spaces, at most 512 characters: anything else cannot be a token, so is not looked up. */
export function isPlausibleToken(token: string): boolean {
  return /^[\x21-\x7e]{1,512}$/.test(token);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function parseBearer(header: string | undefined): string | undefined {
  const match = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
  return match?.[1] && isPlausibleToken(match[1]) ? match[1] : undefined;
}
