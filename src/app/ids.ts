// Prefixed, time-sortable ids (`mbr_01J…`): 48 bits of milliseconds and 80 random bits in
// Crockford base32, so ids sort by creation time and history can page by id.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix = 'ten' | 'key' | 'mbr' | 'txn' | 'lot' | 'rdm' | 'req' | 'evt' | 'rwd' | 'eml' | 'usr' | 'ses' | 'aud';

let lastTime = 0;
let lastRandom: Uint8Array = new Uint8Array(10);

function increment(bytes: Uint8Array): Uint8Array {
  const next = Uint8Array.from(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    const byte = next[i] ?? 0;
    if (byte < 255) {
      next[i] = byte + 1;
      return next;
    }
    next[i] = 0;
  }
  return next;
}

function encode(time: number, random: Uint8Array): string {
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  let bits = 0;
  let value = 0;
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** A new id; within one process, ids made in the same millisecond still sort in creation order. */
export function newId(prefix: IdPrefix, time = Date.now()): string {
  if (time <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = time;
    lastRandom = new Uint8Array(randomBytes(10));
  }
  return `${prefix}_${encode(lastTime, lastRandom)}`;
}


/**
 * The smallest id `newId(prefix, t)` can give for any t ≥ `time`: `id >= idFloor(prefix, time)`
 * keeps every row whose id was made at `time` or later. newId never goes back in time, so a row
 * made with the time of its `created_at` has an id no lower than that: a range on `created_at` can
 * also bound the primary key (tenant_id, id), and reads a period without an index of its own.
 */
export function idFloor(prefix: IdPrefix, time: number): string {
  return `${prefix}_${encode(Math.max(0, Math.floor(time)), new Uint8Array(0))}`;
}
