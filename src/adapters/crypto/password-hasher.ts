// Panel passwords, hashed with scrypt (memory-hard, in node:crypto: no native dependency). The
// parameters travel with each hash, so they can be raised later and old hashes still verify.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../app/admin/ports';

const derive = (password: string, salt: Buffer, keyLength: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

/** N = 2^logN (OWASP's scrypt minimum is 2^17 with r 8; 2^15 with r 8 and p 3 is its equivalent). */
export function scryptPasswordHasher(cost: { logN: number; r: number; p: number } = { logN: 15, r: 8, p: 3 }): PasswordHasher {
  const optionsOf = (logN: number, r: number, p: number): ScryptOptions => ({
    N: 2 ** logN,
    r,
    p,
    maxmem: 256 * 2 ** logN * r,
  });
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, 32, optionsOf(cost.logN, cost.r, cost.p));
      return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
    },
    async verify(password, stored) {
      const [scheme, logN, r, p, salt, expected] = stored.split('$');
      if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !expected) return false;
      const expectedKey = Buffer.from(expected, 'base64url');
      const key = await derive(password, Buffer.from(salt, 'base64url'), expectedKey.length, optionsOf(Number(logN), Number(r), Number(p)));
      return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
    },
  };
}
