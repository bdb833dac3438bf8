// Evaluates a parsed `_where` against one customer. Text compares case-insensitively (Master
// Data's indexes are analysed); dates compare as instants, a date-only `=` matches the whole day.

import type { Customer } from '../data/customers';
import { parseDateMs, type ClField } from './cl-fields';
import { dateSpan, type Comparison, type WhereNode, type WhereValue } from './where-parser';

function fieldValue(customer: Customer, field: ClField): string | boolean | null | undefined {
  return customer[field];
}

function compareText(actual: string, op: Comparison, value: Extract<WhereValue, { kind: 'text' }>): boolean {
  const lower = actual.toLowerCase();
  if (op === '=' || op === '<>') {
    const equal = value.wildcard ? value.wildcard.test(lower) : lower === value.lower;
    return op === '=' ? equal : !equal;
  }
  return op === '>' ? lower > value.lower : lower < value.lower;
}

function compareDate(actualMs: number, op: Comparison, value: Extract<WhereValue, { kind: 'date' }>): boolean {
  const [from, to] = dateSpan(value);
  if (op === '=') return actualMs >= from && actualMs < to;
  if (op === '<>') return actualMs < from || actualMs >= to;
  return op === '>' ? actualMs > value.ms : actualMs < value.ms;
}

function compare(customer: Customer, field: ClField, op: Comparison, value: WhereValue): boolean {
  const actual = fieldValue(customer, field);
  if (actual === null || actual === undefined) return op === '<>';
  if (value.kind === 'boolean') {
    if (op === '=') return actual === value.value;
    return op === '<>' ? actual !== value.value : false;
  }
  if (value.kind === 'date') {
    const ms = typeof actual === 'string' ? parseDateMs(actual) : undefined;
    return ms !== undefined && compareDate(ms, op, value);
  }
  return compareText(String(actual), op, value);
}

/** Both ends included, as instants for dates ("between 2024-01-01 AND 2024-01-31" stops at 31st 00:00). */
function between(customer: Customer, field: ClField, low: WhereValue, high: WhereValue): boolean {
  const actual = fieldValue(customer, field);
  if (actual === null || actual === undefined) return false;
  if (low.kind === 'date' && high.kind === 'date') {
    const ms = typeof actual === 'string' ? parseDateMs(actual) : undefined;
    return ms !== undefined && ms >= low.ms && ms <= high.ms;
  }
  if (low.kind === 'text' && high.kind === 'text') {
    const lower = String(actual).toLowerCase();
    return lower >= low.lower && lower <= high.lower;
  }
  return false;
}

export function matchesWhere(customer: Customer, node: WhereNode): boolean {
  switch (node.kind) {
    case 'and':
      return matchesWhere(customer, node.left) && matchesWhere(customer, node.right);
    case 'or':
      return matchesWhere(customer, node.left) || matchesWhere(customer, node.right);
    case 'null': {
      const actual = fieldValue(customer, node.field);
      const isNull = actual === null || actual === undefined || actual === '';
      return node.negated ? !isNull : isNull;
    }
    case 'between':
      return between(customer, node.field, node.low, node.high);
    case 'compare':
      return compare(customer, node.field, node.op, node.value);
  }
}
