// The code a shopper types at the checkout: 12 characters in three groups, from an alphabet
// without the look-alikes 0/O and 1/I/L, so a code read aloud or copied by hand is not mistyped.
// It is drawn at random when the redemption is made and kept with it, so every attempt to issue
// the coupon in VTEX sends the same code: a retry updates that one coupon, never makes a second.
import { randomInt } from 'node:crypto';

export const COUPON_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** 31^12 ≈ 7.9 × 10^17 codes: not guessable, and never the same as a code the merchant typed. */
export function newCouponCode(draw: (max: number) => number = randomInt): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g += 1) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i += 1) group += COUPON_ALPHABET[draw(COUPON_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Codes are matched without regard to case or surrounding spaces, as VTEX's checkout does. */
export const normalizeCouponCode = (code: string) => code.trim().toUpperCase();
