// Secrets at rest (VTEX AppKey/AppToken, hook secrets): AES-256-GCM with a 96-bit random nonce.
// A sealed value is `v1.{keyId}.{nonce}.{ciphertext}.{tag}` (base64url): the version and key id
// let a later key rotation tell which key sealed a value; the key id is a hash prefix of the key,
// which identifies it without revealing anything usable. The caller's context (tenant and
// purpose) is bound as associated data, so a value copied to another tenant's row or another
// column does not decrypt.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretBox } from '../../app/ports';

export type { SecretBox };

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

const keyIdOf = (key: Buffer) => createHash('sha256').update('pontua-secret-key-id:').update(key).digest('base64url').slice(0, 8);

/**
 * A box sealing with `current` and opening values sealed by it or by any of `previous` (the keys
 * a rotation is moving away from).
 */
export function secretBoxFromKeys(current: Buffer, previous: Buffer[] = []): SecretBox {
  for (const key of [current, ...previous]) {
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`a secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }
  const currentId = keyIdOf(current);
  const keys = new Map([current, ...previous].map((key) => [keyIdOf(key), key]));
  // Signing uses a key derived from each secret key, never the encryption key itself.
  const macKeys = [current, ...previous].map((key) => createHmac('sha256', key).update('pontua-signing-key').digest());
  const mac = (key: Buffer, message: string, context: string) =>
    createHmac('sha256', key).update(context).update('\u0000').update(message).digest().subarray(0, 16);
  return {
    sign: (message, context) => mac(macKeys[0]!, message, context).toString('base64url'),
    verify(message, context, signature) {
      const given = Buffer.from(signature, 'base64url');
      return given.length === 16 && macKeys.some((key) => timingSafeEqual(mac(key, message, context), given));
    },
    seal(plaintext, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [nonce, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
      return [VERSION, currentId, ...parts].join('.');
    },
    open(sealed, context) {
      const [version, keyId, nonce, ciphertext, tag, ...rest] = sealed.split('.');
      if (version !== VERSION || keyId === undefined || nonce === undefined || ciphertext === undefined || tag === undefined || rest.length > 0) {
        throw new SecretBoxError('not a sealed secret of a known version');
      }
      const key = keys.get(keyId);
      if (!key) throw new SecretBoxError(`sealed with key ${keyId}, which is not configured (PONTUA_SECRET_KEY changed?)`);
      const nonceBytes = Buffer.from(nonce, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      // GCM would accept a tag cut down to 4 bytes, which makes forging far cheaper: insist on 16.
      if (nonceBytes.length !== NONCE_BYTES || tagBytes.length !== TAG_BYTES) {
        throw new SecretBoxError('the sealed secret does not authenticate (tampered, or sealed for another context)');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonceBytes, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tagBytes);
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('the sealed secret does not authenticate (tampered, or sealed for another context)');
      }
    },
  };
}

/** PONTUA_SECRET_KEY: 32 bytes as 64 hex digits or as base64/base64url. Throws with what is wrong. */
export function parseSecretKey(value: string): Buffer {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    if (key.length === KEY_BYTES) return key;
    throw new SecretBoxError(
      `PONTUA_SECRET_KEY must be ${KEY_BYTES} bytes as base64 (44 characters) or hex (64 digits); it decodes to ${key.length} bytes. ` +
        'Generate one with: openssl rand -base64 32',
    );
  }
  throw new SecretBoxError(
    `PONTUA_SECRET_KEY must be ${KEY_BYTES} bytes as base64 (44 characters) or hex (64 digits). Generate one with: openssl rand -base64 32`,
  );
}

export const KEY_FILE_NAME = 'secret.key';

/**
 * The key in `<dataDir>/secret.key`, created (mode 0600) on first use. The new key is written to a
 * private temporary file and hard-linked into place: the link fails if another process got there
 * first, so processes starting together all end up with the one key that won.
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = join(dataDir, KEY_FILE_NAME);
  const read = () => {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`${file} does not hold a ${KEY_BYTES}-byte base64 key`);
    return key;
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const temporary = join(dataDir, `.${KEY_FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}`);
  writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  // The umask filters the mode above; set it exactly, so an unusual umask cannot leave us unable to read it.
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return read();
}

/** The key from PONTUA_SECRET_KEY when given, else the key file in the data directory. */
export function openSecretBox(options: { key: Buffer | null; dataDir: string }): SecretBox {
  return secretBoxFromKeys(options.key ?? loadOrCreateKeyFile(options.dataDir));
}

/** A box that loads its key on first use, for commands that may never need one. */
export function lazySecretBox(load: () => SecretBox): SecretBox {
  let box: SecretBox | null = null;
  const get = () => (box ??= load());
  return {
    seal: (plaintext, context) => get().seal(plaintext, context),
    open: (sealed, context) => get().open(sealed, context),
    sign: (message, context) => get().sign(message, context),
    verify: (message, context, signature) => get().verify(message, context, signature),
  };
}
