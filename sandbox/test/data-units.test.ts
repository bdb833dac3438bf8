import { describe, expect, it } from 'vitest';
import { cpfForIndex, indexForCpf, isValidCpf } from '../data/cpf';
import { indexedUuid, indexOfIndexedUuid } from '../data/ids';
import { compileOrderExpression } from '../oms/order-expression';

describe('CPF', () => {
  it('accepts known valid CPFs and rejects wrong check digits and repeated digits', () => {
    expect(isValidCpf('52998224725')).toBe(true);
    expect(isValidCpf('52998224724')).toBe(false);
    expect(isValidCpf('11111111111')).toBe(false);
    expect(isValidCpf('5299822472')).toBe(false);
  });

  it('generates valid CPFs and maps them back to their index', () => {
    for (const index of [0, 1, 2, 999, 123_456, 499_999, 9_999_999]) {
      const cpf = cpfForIndex(4242, index);
      expect(isValidCpf(cpf)).toBe(true);
      expect(indexForCpf(4242, cpf)).toBe(index);
    }
  });
});

describe('indexed UUIDs', () => {
  it('round-trip and refuse UUIDs that are not ours', () => {
    for (const index of [0, 7, 500_000, 2 ** 31]) expect(indexOfIndexedUuid(9, 1, indexedUuid(9, 1, index))).toBe(index);
    expect(indexOfIndexedUuid(9, 1, indexedUuid(10, 1, 5))).toBeUndefined();
    expect(indexOfIndexedUuid(9, 1, indexedUuid(9, 2, 5))).toBeUndefined();
    expect(indexOfIndexedUuid(9, 1, 'not-a-uuid')).toBeUndefined();
  });
});

describe('FromOrders expressions', () => {
  const order = { status: 'invoiced', value: 1500, salesChannel: '1', packageAttachment: { packages: [{ restitutions: {} }, { restitutions: { Refund: { value: 300 } } }] } };

  it.each([
    ['status = "invoiced"', true],
    ['status = "canceled"', false],
    ['status = "invoiced" and salesChannel = "1"', true],
    ['status = "canceled" or value > 1000', true],
    ['(status = "canceled" or value > 2000) and salesChannel = "1"', false],
    ['status in ["invoiced", "canceled"]', true],
    ['value >= 1500 and value <= 1500', true],
    ['$count(packageAttachment.packages.restitutions.Refund.value) > 0', true],
    ['$count(items) > 0', false],
  ])('%s → %s', (source, expected) => {
    expect(compileOrderExpression(source).test(order)).toBe(expected);
  });

  it('refuses what it cannot evaluate', () => {
    expect(() => compileOrderExpression('status ==== "x"')).toThrow();
    expect(() => compileOrderExpression('$sum(items.price) > 1')).toThrow();
  });
});
