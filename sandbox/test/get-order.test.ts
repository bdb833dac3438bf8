import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCpf } from '../data/cpf';
import type { RunningSandbox } from '../server';
import { control, createAccount, startTestSandbox, vtex, type TestAccount } from './support';

interface Order {
  orderId: string; sequence: string; status: string; value: number; creationDate: string; invoicedDate: string | null;
  totals: { id: string; value: number }[];
  items: { id: string; quantity: number; price: number; sellingPrice: number; listPrice: number }[];
  clientProfileData: { email: string; userProfileId: string; document: string; firstName: string };
  marketingData: { coupon: string } | null;
  ratesAndBenefitsData: { rateAndBenefitsIdentifiers: { name: string }[] };
  packageAttachment: { packages: { type: string; invoiceValue: number; restitutions: { Refund?: { value: number; items: { quantity: number }[] } } }[] };
}

let sandbox: RunningSandbox;
let shop: TestAccount;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'getshop', { seed: 5, customers: 200, orders: 3000 });
});
afterAll(() => sandbox.close());

async function order(id: string): Promise<Order> {
  const result = await vtex(shop).get(`/api/oms/pvt/orders/${id}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body as Order;
}

async function ordersOnPage(query: string): Promise<string[]> {
  const result = await vtex(shop).get(`/api/oms/pvt/orders?${query}`);
  return (result.body as { list: { orderId: string }[] }).list.map((row) => row.orderId);
}

describe('Get order', () => {
  it('returns a consistent order: totals add up to value, in integer cents', async () => {
    for (const id of await ordersOnPage('per_page=40')) {
      const body = await order(id);
      const total = (name: string): number => body.totals.find((t) => t.id === name)?.value ?? NaN;
      expect(total('Items')).toBe(body.items.reduce((sum, item) => sum + item.price * item.quantity, 0));
      expect(total('Discounts')).toBe(body.items.reduce((sum, item) => sum + (item.sellingPrice - item.price) * item.quantity, 0));
      expect(body.value).toBe(total('Items') + total('Discounts') + total('Shipping') + total('Tax'));
      expect(body.items.length).toBeGreaterThan(0);
      for (const item of body.items) {
        expect(Number.isInteger(item.sellingPrice) && item.sellingPrice <= item.price && item.price <= item.listPrice).toBe(true);
      }
    }
  });

  it('masks the e-mail and links the order to its customer by userProfileId', async () => {
    const [id] = await ordersOnPage('per_page=1');
    const body = await order(id ?? '');
    expect(body.clientProfileData.email).toMatch(/^[0-9a-f]{32}@ct\.vtex\.com\.br$/);
    const customer = await control(sandbox, 'GET', `/accounts/${shop.name}/customers/${body.clientProfileData.userProfileId}`);
    expect(customer.status).toBe(200);
    const profile = customer.body as { email: string; document: string; firstName: string; conversationEmail: string };
    expect(profile.email).not.toContain('ct.vtex.com.br');
    expect(profile.document).toBe(body.clientProfileData.document);
    expect(isValidCpf(profile.document)).toBe(true);
    expect(profile.conversationEmail).toBe(body.clientProfileData.email);
  });

  it('finds an order by seq{sequence} as well as by id', async () => {
    const [id] = await ordersOnPage('per_page=1&page=7');
    const byId = await order(id ?? '');
    const bySequence = await order(`seq${byId.sequence}`);
    expect(bySequence.orderId).toBe(byId.orderId);
  });

  it.each(['1000000000000-01', 'seq1', 'not-an-order'])('answers 404 for unknown order %s', async (id) => {
    const result = await vtex(shop).get(`/api/oms/pvt/orders/${id}`);
    expect(result.status).toBe(404);
    expect(result.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String), exception: null } });
  });

  it('shows coupons in marketingData and the promotion in ratesAndBenefitsData', async () => {
    const created = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 3, coupon: 'VERAO15', status: 'invoiced' });
    expect(created.status).toBe(201);
    const body = await order((created.body as { orderId: string }).orderId);
    expect(body.marketingData?.coupon).toBe('VERAO15');
    expect(body.ratesAndBenefitsData.rateAndBenefitsIdentifiers.map((r) => r.name)).toContain('Verão 15%');
    expect(body.totals.find((t) => t.id === 'Discounts')?.value).toBeLessThan(0);
  });

  it('a partial return adds an Input invoice with restitutions; a full return takes the rest', async () => {
    const created = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, {
      customerIndex: 9, status: 'invoiced', items: [{ skuId: (await firstSkuId()), quantity: 3 }],
    });
    const orderId = (created.body as { orderId: string }).orderId;
    const partial = await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/return`, { items: [{ itemIndex: 0, quantity: 1 }] });
    expect(partial.status).toBe(200);
    let body = await order(orderId);
    expect(body.status).toBe('invoiced');
    const inputs = body.packageAttachment.packages.filter((p) => p.type === 'Input');
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.restitutions.Refund?.value).toBe(body.items[0]?.sellingPrice);
    const full = await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/return`, {});
    expect(full.status).toBe(200);
    body = await order(orderId);
    const refunded = body.packageAttachment.packages.filter((p) => p.type === 'Input').flatMap((p) => p.restitutions.Refund?.items ?? []);
    expect(refunded.reduce((sum, item) => sum + item.quantity, 0)).toBe(3);
    expect((await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/return`, {})).status).toBe(409);
  });

  it('cancels a pending order but refuses to cancel an invoiced one', async () => {
    const created = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 1 });
    const orderId = (created.body as { orderId: string }).orderId;
    expect((await order(orderId)).status).toBe('payment-pending');
    expect((await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/cancel`, {})).status).toBe(200);
    expect((await order(orderId)).status).toBe('canceled');
    await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 1, status: 'invoiced' });
    const invoiced = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 2, status: 'invoiced' });
    const cancel = await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${(invoiced.body as { orderId: string }).orderId}/cancel`, {});
    expect(cancel.status).toBe(409);
  });
});

async function firstSkuId(): Promise<number> {
  const skus = await control(sandbox, 'GET', `/accounts/${shop.name}/skus`);
  const first = (skus.body as { skus: { id: number }[] }).skus[0];
  if (!first) throw new Error('no SKUs');
  return first.id;
}
