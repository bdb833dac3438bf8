import { describe, expect, it } from 'vitest';
import { scryptPasswordHasher } from '../../../src/adapters/crypto/password-hasher';

describe('scrypt password hashes', () => {
  const production = scryptPasswordHasher();

  it("uses OWASP's scrypt cost by default, with a fresh salt per hash, and verifies only the right password", async () => {
    const [first, second] = await Promise.all([production.hash('correct horse battery'), production.hash('correct horse battery')]);
    expect(first).toMatch(/^scrypt\$15\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(await production.verify('correct horse battery', first)).toBe(true);
    expect(await production.verify('correct horse batterY', first)).toBe(false);
    expect(await production.verify('', first)).toBe(false);
  });

  it('verifies hashes made at another cost (so the cost can be raised later) and refuses unreadable ones', async () => {
    const cheap = scryptPasswordHasher({ logN: 10, r: 8, p: 1 });
    const old = await cheap.hash('senha-antiga-123');
    expect(old.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await production.verify('senha-antiga-123', old)).toBe(true);
    for (const stored of ['', 'plain-text', 'bcrypt$10$x$y', 'scrypt$15$8$3$salt', old.replace('scrypt$', 'argon2$')]) {
      expect(await production.verify('senha-antiga-123', stored)).toBe(false);
    }
  });

  it('treats the composed and decomposed forms of an accented password as the same password', async () => {
    const cheap = scryptPasswordHasher({ logN: 10, r: 8, p: 1 });
    const hash = await cheap.hash('pão de queijo\u0301'.normalize('NFC'));
    expect(await cheap.verify('pão de queijo\u0301'.normalize('NFD'), hash)).toBe(true);
  });
});
