// CPF numbers that pass the check-digit validation, unique per customer index: the 9-digit
// base is an affine bijection of the index modulo 10^9, so it can also be inverted to find a
// customer by document without an index in memory.

const MODULUS = 1_000_000_000;
// Coprime with 10^9 (odd, not a multiple of 5), so i → (i·A + B) mod 10^9 is a bijection.
const MULTIPLIER = 732_050_807;

function mulMod(a: number, b: number, m: number): number {
  // Split b so that every intermediate product stays below 2^53.
  const high = Math.floor(b / 65536);
  const low = b % 65536;
  return (((a * high) % m) * 65536 + a * low) % m;
}

function modInverse(a: number, m: number): number {
  let [oldR, r] = [a, m];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

const INVERSE = modInverse(MULTIPLIER, MODULUS);

export function cpfCheckDigits(base9: string): string {
  const digits = [...base9].map(Number);
  const first = checkDigit(digits, 10);
  const second = checkDigit([...digits, first], 11);
  return `${first}${second}`;
}

function checkDigit(digits: number[], startWeight: number): number {
  let sum = 0;
  digits.forEach((d, k) => {
    sum += d * (startWeight - k);
  });
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  return cpfCheckDigits(cpf.slice(0, 9)) === cpf.slice(9);
}

export function cpfForIndex(offset: number, index: number): string {
  const base = (mulMod(index % MODULUS, MULTIPLIER, MODULUS) + offset) % MODULUS;
  const base9 = String(base).padStart(9, '0');
  return base9 + cpfCheckDigits(base9);
}

/** Inverse of cpfForIndex for indexes below 10^9; undefined when the CPF is not ours. */
export function indexForCpf(offset: number, cpf: string): number | undefined {
  if (!isValidCpf(cpf)) return undefined;
  const base = Number(cpf.slice(0, 9));
  return mulMod((base - offset + MODULUS) % MODULUS, INVERSE, MODULUS);
}
