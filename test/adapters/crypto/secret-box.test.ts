// The secret box: AES-256-GCM round trip, tamper and context detection, key rotation, and where
// the key comes from (PONTUA_SECRET_KEY or the key file in the data directory).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  KEY_FILE_NAME,
  SecretBoxError,
  loadOrCreateKeyFile,
  openSecretBox,
  parseSecretKey,
  secretBoxFromKeys,
} from '../../../src/adapters/crypto/secret-box';
import { loadConfig } from '../../../src/main/config';

const tempDir = () => mkdtempSync(join(tmpdir(), 'pontua-secret-'));
const TOKEN = 'ZXCVBNMASDFGHJKLQWERTYUIOP0123456789ZXCVBNMASDFGHJKL';

/** The sealed value with one byte of one part (1 nonce, 2 ciphertext, 3 tag) flipped. */
function flipByte(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part + 1]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part + 1] = bytes.toString('base64url');
  return parts.join('.');
}

describe('secret box', () => {
  it('seals and opens, never showing the plaintext, with a fresh nonce each time', () => {
    const box = secretBoxFromKeys(randomBytes(32));
    const sealed = box.seal(TOKEN, 'ten_1:vtex.appToken');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{8}\./);
    expect(sealed).not.toContain(TOKEN);
    expect(box.open(sealed, 'ten_1:vtex.appToken')).toBe(TOKEN);
    expect(box.seal(TOKEN, 'ten_1:vtex.appToken')).not.toBe(sealed);
    expect(box.open(box.seal('', 'c'), 'c')).toBe('');
    expect(box.open(box.seal('çãé…', 'c'), 'c')).toBe('çãé…');
  });

  it('refuses a flipped byte in the nonce, the ciphertext or the tag', () => {
    const box = secretBoxFromKeys(randomBytes(32));
    const sealed = box.seal(TOKEN, 'ctx');
    for (const part of [1, 2, 3]) {
      expect(() => box.open(flipByte(sealed, part), 'ctx'), `part ${part}`).toThrow(SecretBoxError);
    }
    expect(() => box.open(sealed.slice(0, -2), 'ctx')).toThrow(SecretBoxError);
    expect(() => box.open('v2' + sealed.slice(2), 'ctx')).toThrow(/known version/);
    expect(() => box.open('not sealed', 'ctx')).toThrow(SecretBoxError);
  });

  it('refuses a value moved to another tenant or column (the context is authenticated)', () => {
    const box = secretBoxFromKeys(randomBytes(32));
    const sealed = box.seal(TOKEN, 'ten_1:vtex.appToken');
    expect(() => box.open(sealed, 'ten_2:vtex.appToken')).toThrow(SecretBoxError);
    expect(() => box.open(sealed, 'ten_1:vtex.appKey')).toThrow(SecretBoxError);
  });

  it('opens values of a previous key after rotation, and names an unknown key', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealedOld = secretBoxFromKeys(oldKey).seal(TOKEN, 'c');
    const rotated = secretBoxFromKeys(newKey, [oldKey]);
    expect(rotated.open(sealedOld, 'c')).toBe(TOKEN);
    expect(rotated.seal(TOKEN, 'c').split('.')[1]).not.toBe(sealedOld.split('.')[1]);
    expect(() => secretBoxFromKeys(newKey).open(sealedOld, 'c')).toThrow(/not configured/);
  });

  it('reads PONTUA_SECRET_KEY as hex or base64 and refuses any other length clearly', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseSecretKey(` ${key.toString('base64url')}\n`).equals(key)).toBe(true);
    for (const bad of [randomBytes(16).toString('base64'), randomBytes(31).toString('hex'), randomBytes(33).toString('base64'), 'not a key!']) {
      expect(() => parseSecretKey(bad), bad).toThrow(/PONTUA_SECRET_KEY must be 32 bytes as base64 \(44 characters\) or hex \(64 digits\)/);
    }
    expect(() => secretBoxFromKeys(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('stops the configuration on a wrong-length PONTUA_SECRET_KEY', () => {
    expect(() => loadConfig({ PONTUA_SECRET_KEY: randomBytes(24).toString('base64') })).toThrow(/decodes to 24 bytes/);
    const key = randomBytes(32);
    expect(loadConfig({ PONTUA_SECRET_KEY: key.toString('hex') }).secretKey?.equals(key)).toBe(true);
    expect(loadConfig({}).secretKey).toBeNull();
  });

  it('the CLI refuses to start with a wrong-length PONTUA_SECRET_KEY, with one clear line', async () => {
    const bin = new URL('../../../bin/pontua.js', import.meta.url).pathname;
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const result = await promisify(execFile)(process.execPath, [bin, 'migrate'], {
      env: { ...env, PONTUA_DATA_DIR: join(tempDir(), 'data'), PONTUA_SECRET_KEY: 'c2hvcnQ=' },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^pontua: PONTUA_SECRET_KEY must be 32 bytes/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('without PONTUA_SECRET_KEY, creates a 0600 key file once and reuses it on the next start', () => {
    const dataDir = join(tempDir(), 'data');
    const first = openSecretBox({ key: null, dataDir });
    const file = join(dataDir, KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const sealed = first.seal(TOKEN, 'c');
    const contents = readFileSync(file, 'utf8');
    const second = openSecretBox({ key: null, dataDir });
    expect(readFileSync(file, 'utf8')).toBe(contents);
    expect(second.open(sealed, 'c')).toBe(TOKEN);
    expect(readdirSync(dataDir)).toEqual([KEY_FILE_NAME]);
  });

  it('prefers PONTUA_SECRET_KEY and then writes no key file', () => {
    const dataDir = join(tempDir(), 'data');
    const key = randomBytes(32);
    const box = openSecretBox({ key, dataDir });
    expect(secretBoxFromKeys(key).open(box.seal(TOKEN, 'c'), 'c')).toBe(TOKEN);
    expect(existsSync(join(dataDir, KEY_FILE_NAME))).toBe(false);
  });

  it('processes starting together on an empty data directory all end up with one key', async () => {
    const dataDir = join(tempDir(), 'data');
    const module = new URL('../../../src/adapters/crypto/secret-box.ts', import.meta.url).pathname;
    const script = `import { loadOrCreateKeyFile } from ${JSON.stringify(module)}; console.log(loadOrCreateKeyFile(process.argv[1]).toString('hex'));`;
    const starts = Array.from({ length: 6 }, () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dataDir], { timeout: 60_000 }),
    );
    const keys = (await Promise.all(starts)).map((result) => result.stdout.trim());
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(keys).size).toBe(1);
    expect(readdirSync(dataDir)).toEqual([KEY_FILE_NAME]);
    expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
  });

  it('keeps the key file another process wrote first, and refuses a corrupt one', () => {
    const dataDir = tempDir();
    const theirs = randomBytes(32);
    writeFileSync(join(dataDir, KEY_FILE_NAME), `${theirs.toString('base64')}\n`, { mode: 0o600 });
    expect(loadOrCreateKeyFile(dataDir).equals(theirs)).toBe(true);
    const corrupt = tempDir();
    writeFileSync(join(corrupt, KEY_FILE_NAME), 'short\n', { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(corrupt)).toThrow(/does not hold a 32-byte/);
  });

  it('signs for a context; verifies with the current or a previous key; refuses another message, context or key', () => {
    const old = randomBytes(32);
    const signed = secretBoxFromKeys(old).sign('ten_1:mem_1', 'unsubscribe');
    const rotated = secretBoxFromKeys(randomBytes(32), [old]);
    expect(rotated.verify('ten_1:mem_1', 'unsubscribe', signed)).toBe(true);
    expect(rotated.verify('ten_1:mem_2', 'unsubscribe', signed)).toBe(false);
    expect(rotated.verify('ten_1:mem_1', 'other-purpose', signed)).toBe(false);
    expect(secretBoxFromKeys(randomBytes(32)).verify('ten_1:mem_1', 'unsubscribe', signed)).toBe(false);
    expect(rotated.verify('ten_1:mem_1', 'unsubscribe', `${signed.slice(0, -2)}AA`)).toBe(false);
    expect(rotated.verify('ten_1:mem_1', 'unsubscribe', '')).toBe(false);
  });
});
