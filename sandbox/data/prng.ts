// Deterministic randomness. Every generated record is a pure function of (seed, index), so
// nothing about a seeded account has to be kept in memory to serve it again identically.

/** Finaliser of MurmurHash3: spreads every input bit over the 32-bit output. */
function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A well-mixed unsigned 32-bit value for (seed, index, salt). */
export function hash32(seed: number, index: number, salt = 0): number {
  const a = fmix32(seed ^ 0x9e3779b9);
  const b = fmix32(Math.imul(a ^ (index >>> 0), 0x27d4eb2d) ^ Math.floor(index / 0x100000000));
  return fmix32(b ^ Math.imul(salt + 0x165667b1, 0x85ebca6b));
}

/** Mulberry32: small and fast; enough quality for fake shop data. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static for(seed: number, index: number, salt = 0): Prng {
    return new Prng(hash32(seed, index, salt));
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.float() * maxExclusive);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.nextUint32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }
}

/** Hex id from a hash family; upper case like VTEX's eventId/uniqueId/transactionId. */
export function hexId(seed: number, index: number, salt: number, length = 32): string {
  return Prng.for(seed, index, salt).hex(length).toUpperCase();
}
