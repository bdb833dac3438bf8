// A List orders page or a CL page with one malformed entry: the entry is set aside with the
// reason (the import records it as an error) and the rest of the page is read.
import { describe, expect, it } from 'vitest';
import { decode } from '../../../src/adapters/vtex/json-reader';
import { readOrderPage } from '../../../src/adapters/vtex/order-mapper';

const row = (orderId: string, extra: Record<string, unknown> = {}) => ({
  orderId, sequence: '501', status: 'invoiced', creationDate: '2026-03-10T10:00:00.000Z', totalValue: 1990, ...extra,
});

describe('reading a List orders page', () => {
  it('keeps the readable rows and names each unreadable one with why', () => {
    const body = {
      list: [row('A-01'), row('B-01', { status: null }), { sequence: '7' }, row('C-01', { totalValue: 'lots' })],
      paging: { total: 4, pages: 1, currentPage: 1, perPage: 100 },
    };
    const page = decode('List orders', body, readOrderPage);
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.value.orders.map((order) => order.orderId)).toEqual(['A-01']);
    expect(page.value.rejected).toEqual([
      { id: 'B-01', reason: expect.stringContaining('orders.list[1].status') as string },
      { id: null, reason: expect.stringContaining('orders.list[2].') as string },
      { id: 'C-01', reason: expect.stringContaining('orders.list[3].totalValue') as string },
    ]);
  });

  it('fails the whole page when its paging is unreadable', () => {
    const page = decode('List orders', { list: [row('A-01')], paging: { total: 'many' } }, readOrderPage);
    expect(page.ok).toBe(false);
  });
});
