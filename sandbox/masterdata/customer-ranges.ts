// Turns a `_where` into the seeded customer indexes worth looking at, without an index in
// memory: seeded updatedIn never decreases with the index (binary search), createdIn trails
// updatedIn by less than MAX_SEEDED_UPDATE_LAG_MS, and ids, userIds, e-mails and CPFs encode
// their index. `exact` means every non-edited index in the ranges matches, so counting is
// arithmetic. Edited and created customers are never planned here: queries check them apart.

import { MAX_SEEDED_UPDATE_LAG_MS, type CustomerStore } from '../data/customers';
import type { ClField } from './cl-fields';
import { dateSpan, type WhereNode, type WhereValue } from './where-parser';

export interface IndexRange {
  from: number;
  to: number;
}

export interface CandidatePlan {
  /** Sorted, disjoint, non-empty [from, to) ranges of seeded indexes. */
  ranges: IndexRange[];
  exact: boolean;
}

function normalise(ranges: IndexRange[]): IndexRange[] {
  const sorted = ranges.filter((r) => r.to > r.from).sort((a, b) => a.from - b.from);
  const out: IndexRange[] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else out.push({ ...range });
  }
  return out;
}

function intersect(a: IndexRange[], b: IndexRange[]): IndexRange[] {
  const out: IndexRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i];
    const right = b[j];
    if (!left || !right) break;
    const from = Math.max(left.from, right.from);
    const to = Math.min(left.to, right.to);
    if (to > from) out.push({ from, to });
    if (left.to < right.to) i += 1;
    else j += 1;
  }
  return out;
}

export function rangeLength(ranges: readonly IndexRange[]): number {
  return ranges.reduce((sum, r) => sum + (r.to - r.from), 0);
}

export class CandidatePlanner {
  private readonly seeded: number;

  constructor(private readonly store: CustomerStore) {
    this.seeded = store.seededCount;
  }

  plan(node: WhereNode | undefined): CandidatePlan {
    if (!node) return this.all(true);
    switch (node.kind) {
      case 'and': {
        const left = this.plan(node.left);
        const right = this.plan(node.right);
        return { ranges: intersect(left.ranges, right.ranges), exact: left.exact && right.exact };
      }
      case 'or': {
        const left = this.plan(node.left);
        const right = this.plan(node.right);
        return { ranges: normalise([...left.ranges, ...right.ranges]), exact: left.exact && right.exact };
      }
      case 'null':
        // Seeded customers have every field.
        return node.negated ? this.all(true) : { ranges: [], exact: true };
      case 'between':
        return this.between(node.field, node.low, node.high);
      case 'compare':
        if (node.op === '=' && node.value.kind === 'text' && !node.value.wildcard) return this.lookup(node.field, node.value.text);
        if (node.value.kind !== 'date') return this.all(false);
        return this.dateCompare(node.field, node.op, node.value);
    }
  }

  /** First seeded index whose generated updatedIn is ≥ ms (or > ms when `strictly`). */
  firstUpdatedFrom(ms: number, strictly = false): number {
    let low = 0;
    let high = this.seeded;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const value = this.store.seededUpdatedInMs(mid);
      if (strictly ? value > ms : value >= ms) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  private all(exact: boolean): CandidatePlan {
    return { ranges: normalise([{ from: 0, to: this.seeded }]), exact };
  }

  private span(from: number, to: number, exact: boolean): CandidatePlan {
    return { ranges: normalise([{ from, to }]), exact };
  }

  private lookup(field: ClField, text: string): CandidatePlan {
    let index: number | undefined;
    if (field === 'email') index = this.store.indexOfEmail(text);
    else if (field === 'id') index = this.store.indexOfId(text.toLowerCase());
    else if (field === 'userId') index = this.store.indexOfUserId(text.toLowerCase());
    else if (field === 'document') index = this.store.indexOfDocument(text);
    else return this.all(false);
    // Not found among seeded customers means none of them matches: the ids encode the index.
    if (index === undefined || index >= this.seeded) return { ranges: [], exact: true };
    return this.span(index, index + 1, false);
  }

  private dateCompare(field: ClField, op: string, value: { ms: number; wholeDay: boolean }): CandidatePlan {
    const [dayFrom, dayTo] = dateSpan(value);
    if (field === 'updatedIn') {
      if (op === '>') return this.span(this.firstUpdatedFrom(value.ms, true), this.seeded, true);
      if (op === '<') return this.span(0, this.firstUpdatedFrom(value.ms), true);
      if (op === '=') return this.span(this.firstUpdatedFrom(dayFrom), this.firstUpdatedFrom(dayTo), true);
      return { ranges: normalise([{ from: 0, to: this.firstUpdatedFrom(dayFrom) }, { from: this.firstUpdatedFrom(dayTo), to: this.seeded }]), exact: true };
    }
    if (field === 'createdIn') {
      // updatedIn - LAG < createdIn ≤ updatedIn, so a createdIn bound is an updatedIn window.
      if (op === '>') return this.span(this.firstUpdatedFrom(value.ms, true), this.seeded, false);
      if (op === '<') return this.span(0, this.firstUpdatedFrom(value.ms + MAX_SEEDED_UPDATE_LAG_MS), false);
      if (op === '=') return this.span(this.firstUpdatedFrom(dayFrom), this.firstUpdatedFrom(dayTo + MAX_SEEDED_UPDATE_LAG_MS), false);
    }
    return this.all(false);
  }

  private between(field: ClField, low: WhereValue, high: WhereValue): CandidatePlan {
    if (low.kind !== 'date' || high.kind !== 'date') return this.all(false);
    if (field === 'updatedIn') return this.span(this.firstUpdatedFrom(low.ms), this.firstUpdatedFrom(high.ms, true), true);
    if (field === 'createdIn') {
      return this.span(this.firstUpdatedFrom(low.ms), this.firstUpdatedFrom(high.ms + MAX_SEEDED_UPDATE_LAG_MS, true), false);
    }
    return this.all(false);
  }
}
