// Identifiers that look like VTEX's (UUIDs, hex ids) but encode the record index, so that a
// lookup by id is arithmetic instead of a map of a million strings.

import { hash32, Prng } from './prng';

const TAIL_SPACE = 2 ** 48;

/** A v4-looking UUID whose last 12 hex digits are (index + offset); `family` separates id kinds. */
export function indexedUuid(seed: number, family: number, index: number): string {
  const random = Prng.for(seed, index, 0x5a1e + family);
  const head = random.hex(8);
  const mid = random.hex(3);
  const variant = (8 + random.int(4)).toString(16) + random.hex(3);
  const tail = ((index + tailOffset(seed, family)) % TAIL_SPACE).toString(16).padStart(12, '0');
  return `${head}-${random.hex(4)}-4${mid}-${variant}-${tail}`;
}

/** The index encoded by indexedUuid, or undefined if the text cannot be one of ours. */
export function indexOfIndexedUuid(seed: number, family: number, uuid: string): number | undefined {
  const match = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-([0-9a-f]{12})$/.exec(uuid);
  if (!match?.[1]) return undefined;
  const index = (parseInt(match[1], 16) - tailOffset(seed, family) + TAIL_SPACE) % TAIL_SPACE;
  return indexedUuid(seed, family, index) === uuid ? index : undefined;
}

function tailOffset(seed: number, family: number): number {
  // Below 2^44 so that index + offset never wraps for any realistic index.
  return hash32(seed, family, 0x7a11) * 4096;
}
