// Runs a CL query (where + sort) over the account's customers in bounded memory. Results are
// ordered by (sort key, index); a page is "the next `limit` after a cursor, skipping `skip`".
// Sorting by updatedIn (or not sorting) streams seeded customers in index order, because their
// updatedIn grows with the index; any other sort scans the candidates keeping a bounded heap.

import type { Customer, CustomerStore } from '../data/customers';
import { parseDateMs, type ClField } from './cl-fields';
import { CandidatePlanner, rangeLength, type CandidatePlan } from './customer-ranges';
import { matchesWhere } from './where-eval';
import type { WhereNode } from './where-parser';
import { BoundedHeap } from './bounded-heap';

export interface SortSpec {
  field: ClField;
  direction: 'ASC' | 'DESC';
}

export interface CustomerQuery {
  where: WhereNode | undefined;
  sort: SortSpec | undefined;
}

export type SortKey = number | string;

/** The last row a page returned; the next page starts after it. */
export interface Cursor {
  key: SortKey;
  index: number;
}

export interface Row {
  key: SortKey;
  index: number;
  customer: Customer;
}

export interface PageRequest {
  skip: number;
  limit: number;
  after?: Cursor;
}

function sortKey(customer: Customer, field: ClField): SortKey {
  const value = customer[field];
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (field === 'createdIn' || field === 'updatedIn' || field === 'birthDate') return parseDateMs(value) ?? 0;
  return value.toLowerCase();
}

export class CustomerQueryRunner {
  private readonly plan: CandidatePlan;
  private readonly edited: Set<number>;
  private readonly sortField: ClField;
  private readonly direction: 1 | -1;

  constructor(private readonly store: CustomerStore, private readonly query: CustomerQuery) {
    this.plan = new CandidatePlanner(store).plan(query.where);
    this.edited = new Set(store.editedIndexes());
    this.sortField = query.sort?.field ?? 'updatedIn';
    this.direction = query.sort?.direction === 'DESC' ? -1 : 1;
  }

  readonly compare = (a: { key: SortKey; index: number }, b: { key: SortKey; index: number }): number => {
    const byKey = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return this.direction * (byKey !== 0 ? byKey : a.index - b.index);
  };

  count(): number {
    let total = this.extras().length;
    if (this.plan.exact) {
      total += rangeLength(this.plan.ranges);
      for (const index of this.edited) if (this.inRanges(index)) total -= 1;
      return total;
    }
    for (const index of this.seededIndexes(undefined)) if (this.seededMatch(index)) total += 1;
    return total;
  }

  page(request: PageRequest): Row[] {
    return this.sortField === 'updatedIn' ? this.streamPage(request) : this.heapPage(request).rows;
  }

  /** A page and the total; a heap-sorted query counts during the scan it needs anyway. */
  pageAndCount(request: PageRequest): { rows: Row[]; total: number } {
    if (this.sortField !== 'updatedIn') return this.heapPage(request);
    return { rows: request.limit > 0 ? this.streamPage(request) : [], total: this.count() };
  }

  /** Edited and created customers that match, in result order. */
  private extras(): Row[] {
    const rows: Row[] = [];
    const visit = (index: number): void => {
      const customer = this.store.at(index);
      if (customer && (!this.query.where || matchesWhere(customer, this.query.where))) {
        rows.push({ key: sortKey(customer, this.sortField), index, customer });
      }
    };
    for (const index of this.edited) if (index < this.store.seededCount) visit(index);
    for (let index = this.store.seededCount; index < this.store.count; index += 1) visit(index);
    return rows.sort(this.compare);
  }

  private inRanges(index: number): boolean {
    return this.plan.ranges.some((r) => index >= r.from && index < r.to);
  }

  /** Seeded, non-edited candidate indexes in result order, starting after `start` (exclusive). */
  private *seededIndexes(start: number | undefined): Generator<number> {
    const ranges = this.direction === 1 ? this.plan.ranges : [...this.plan.ranges].reverse();
    for (const range of ranges) {
      if (this.direction === 1) {
        for (let i = Math.max(range.from, start === undefined ? range.from : start + 1); i < range.to; i += 1) {
          if (!this.edited.has(i)) yield i;
        }
      } else {
        for (let i = Math.min(range.to - 1, start === undefined ? range.to - 1 : start - 1); i >= range.from; i -= 1) {
          if (!this.edited.has(i)) yield i;
        }
      }
    }
  }

  private seededMatch(index: number): Customer | undefined {
    const customer = this.store.at(index);
    if (!customer) return undefined;
    if (this.plan.exact || !this.query.where) return customer;
    return matchesWhere(customer, this.query.where) ? customer : undefined;
  }

  /** The seeded index a stream restarts after: the last one ordered at or before the cursor. */
  private seededStart(after: Cursor | undefined): number | undefined {
    if (!after || typeof after.key !== 'number') return undefined;
    const planner = new CandidatePlanner(this.store);
    const key = after.key;
    // Seeded rows are ordered by (updatedIn, index): find the boundary around the cursor.
    const firstAfterKey = planner.firstUpdatedFrom(key, true);
    const firstAtKey = planner.firstUpdatedFrom(key);
    if (this.direction === 1) return Math.max(firstAtKey - 1, Math.min(after.index, firstAfterKey - 1));
    return Math.min(firstAfterKey, Math.max(after.index, firstAtKey));
  }

  private streamPage({ skip, limit, after }: PageRequest): Row[] {
    const extras = this.extras().filter((row) => !after || this.compare(row, after) > 0);
    const out: Row[] = [];
    let extraAt = 0;
    let skipped = 0;
    const take = (row: Row): boolean => {
      if (skipped < skip) skipped += 1;
      else out.push(row);
      return out.length >= limit;
    };
    for (const index of this.seededIndexes(this.seededStart(after))) {
      const key = this.store.seededUpdatedInMs(index);
      const probe = { key, index };
      while (extraAt < extras.length) {
        const extra = extras[extraAt];
        if (!extra || this.compare(extra, probe) > 0) break;
        extraAt += 1;
        if (take(extra)) return out;
      }
      // Exact plans skip without generating: only returned rows are built.
      if (skipped < skip && this.plan.exact) {
        skipped += 1;
        continue;
      }
      const customer = this.seededMatch(index);
      if (customer && take({ key, index, customer })) return out;
    }
    for (; extraAt < extras.length; extraAt += 1) {
      const extra = extras[extraAt];
      if (extra && take(extra)) return out;
    }
    return out;
  }

  private heapPage({ skip, limit, after }: PageRequest): { rows: Row[]; total: number } {
    const heap = new BoundedHeap<Row>(skip + limit, this.compare);
    const extras = this.extras();
    let total = extras.length;
    for (const row of extras) if (!after || this.compare(row, after) > 0) heap.offer(row);
    for (const index of this.seededIndexes(undefined)) {
      const customer = this.seededMatch(index);
      if (!customer) continue;
      total += 1;
      const row = { key: sortKey(customer, this.sortField), index, customer };
      if (!after || this.compare(row, after) > 0) heap.offer(row);
    }
    return { rows: heap.sorted().slice(skip), total };
  }
}
