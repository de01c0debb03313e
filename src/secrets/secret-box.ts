import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PagewatchError } from '../errors/pagewatch-error.js';

/**
 * Encrypts secrets (integration keys, webhook secrets) at rest with AES-256-GCM. A stored value is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url): authenticated, so a wrong key or a tampered value fails loudly
 * instead of sending garbage to PagerDuty.
 */
export interface SecretBox {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
}

const SALT = 'pagewatch secret box v1';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('secret box key must be 32 bytes');
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(stored) {
      const [version, iv, tag, ciphertext] = stored.split('.');
      if (version !== 'v1' || !iv || !tag || ciphertext === undefined) {
        throw new PagewatchError('PW_ERR_INTERNAL', 'A stored secret is not in the expected format.');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new PagewatchError(
          'PW_ERR_INTERNAL',
          'A stored secret cannot be decrypted: PAGEWATCH_SECRET (or the key file) differs from the one it was stored with.',
        );
      }
    },
  };
}

/**
 * The server's encryption key: derived from `PAGEWATCH_SECRET` when set (any length ≥ 16), else read from (or
 * generated into, mode 0600) the key file, by default `<PAGEWATCH_HOME>/secret.key`.
 */
export function loadSecretKey(options: { secret?: string; keyFile: string }): Buffer {
  if (options.secret !== undefined && options.secret !== '') {
    if (options.secret.length < 16) {
      throw new PagewatchError('PW_ERR_VALIDATION', 'PAGEWATCH_SECRET must be at least 16 characters long.', [
        { path: 'PAGEWATCH_SECRET', message: `has ${options.secret.length} characters, needs 16 or more` },
      ]);
    }
    return scryptSync(options.secret, SALT, 32);
  }
  if (existsSync(options.keyFile)) {
    const key = Buffer.from(readFileSync(options.keyFile, 'utf8').trim(), 'base64url');
    if (key.length !== 32) {
      throw new PagewatchError(
        'PW_ERR_VALIDATION',
        `The key file ${options.keyFile} does not hold a 32-byte key.`,
        [{ file: options.keyFile, message: 'expected 32 bytes, base64url' }],
      );
    }
    return key;
  }
  const key = randomBytes(32);
  mkdirSync(dirname(options.keyFile), { recursive: true });
  writeFileSync(options.keyFile, `${key.toString('base64url')}\n`, { mode: 0o600 });
  chmodSync(options.keyFile, 0o600);
  return key;
}
