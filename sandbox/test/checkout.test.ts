// Cart/checkout: the pages for a logged-in shopper and the JSON twin. Orders go through the
// order scenarios (hooks fire, statuses move) and coupons through the promotions module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { CookieJar, logIn } from './shopper-kit';
import { control, createAccount, startReceiver, startTestSandbox, vtex, waitFor, type HookReceiver, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;
let receiver: HookReceiver;
let carla: { email: string; userId: string };
let skuId: number;

interface Order {
  status: string;
  value: number;
  clientProfileData: { userProfileId: string };
  marketingData: { coupon: string } | null;
  totals: { id: string; value: number }[];
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startReceiver();
  shop = await createAccount(sandbox, 'buyshop', { customers: 10, orders: 0 });
  carla = (await control(sandbox, 'GET', `/accounts/${shop.name}/customers/2`)).body as typeof carla;
  const skus = (await control(sandbox, 'GET', `/accounts/${shop.name}/skus`)).body as { skus: { id: number; isActive: boolean }[] };
  skuId = skus.skus.find((s) => s.isActive)?.id ?? 0;
  await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', {
    name: 'Fidelidade 25%', type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: '2020-01-01T00:00:00Z',
    percentualShippingDiscountValue: 0, percentualDiscountValue: 25, utmSource: 'fid-25',
  });
  await vtex(shop).post('/api/rnb/pvt/coupon', { couponCode: 'FID-ONE', utmSource: 'fid-25', maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00', maxUsage: 1 });
  await vtex(shop).post('/api/orders/hook/config', { filter: { type: 'FromWorkflow', status: ['payment-pending', 'payment-approved'] }, hook: { url: receiver.url } });
});
afterAll(async () => {
  await receiver.close();
  await sandbox.close();
});

describe('checkout pages', () => {
  it('sends an anonymous shopper to the login page with a return URL', async () => {
    const page = await new CookieJar().get(`${shop.baseUrl}/checkout`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/buyshop/?returnUrl=%2Fbuyshop%2Fcheckout');
  });

  it('adds a SKU, refuses an unknown coupon, applies a valid one, places the order and moves it', async () => {
    const jar = await logIn(shop, carla.email);
    expect((await jar.postForm(`${shop.baseUrl}/checkout/items`, { skuId: String(skuId), quantity: '2' })).status).toBe(303);
    await jar.postForm(`${shop.baseUrl}/checkout/coupon`, { couponCode: 'NAO-EXISTE' });
    expect(String((await jar.get(`${shop.baseUrl}/checkout`)).body)).toContain('Cupom recusado: couponNotFound');
    await jar.postForm(`${shop.baseUrl}/checkout/coupon`, { couponCode: 'fid-one' });
    const cart = String((await jar.get(`${shop.baseUrl}/checkout`)).body);
    expect(cart).toContain('Cupom aplicado: <strong>FID-ONE</strong> (Fidelidade 25%)');
    const simulated = await control(sandbox, 'POST', `/accounts/${shop.name}/checkout/simulate`, { email: carla.email, items: [{ skuId, quantity: 2 }], coupon: 'FID-ONE' });
    const totals = (simulated.body as { totals: { discounts: number; value: number } }).totals;
    expect(totals.discounts).toBeLessThan(0);
    expect(cart).toContain(`<span id="total">R$ `);

    const placed = await jar.postForm(`${shop.baseUrl}/checkout/place`, {});
    expect(placed.status).toBe(303);
    const orderId = /\/checkout\/orders\/(\d{13}-01)$/.exec(placed.headers.get('location') ?? '')?.[1] ?? '';
    expect(orderId).not.toBe('');
    const order = (await vtex(shop).get(`/api/oms/pvt/orders/${orderId}`)).body as Order;
    expect(order).toMatchObject({ status: 'payment-pending', value: totals.value, clientProfileData: { userProfileId: carla.userId }, marketingData: { coupon: 'FID-ONE' } });
    await waitFor(() => receiver.received.find((r) => r.body.OrderId === orderId && r.body.State === 'payment-pending'), 'the payment-pending hook');
    const usage = (await vtex(shop).get('/api/rnb/pvt/coupon/usage/FID-ONE')).body as { profileUsages: Record<string, { orderUsage: { orderId: string }[] }> };
    expect(usage.profileUsages[carla.userId]?.orderUsage.map((u) => u.orderId)).toEqual([orderId]);

    expect((await jar.postForm(`${shop.baseUrl}/checkout/orders/${orderId}/advance`, {})).status).toBe(303);
    expect(String((await jar.get(`${shop.baseUrl}/checkout/orders/${orderId}`)).body)).toContain('<strong id="status">payment-approved</strong>');
    await waitFor(() => receiver.received.find((r) => r.body.OrderId === orderId && r.body.State === 'payment-approved'), 'the payment-approved hook');
    expect((await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/status`, { status: 'invoiced' })).status).toBe(200);
    expect(((await vtex(shop).get(`/api/oms/pvt/orders/${orderId}`)).body as Order).status).toBe('invoiced');

    // The cart is empty after the purchase, and the used-up coupon is refused now.
    await jar.postForm(`${shop.baseUrl}/checkout/items`, { skuId: String(skuId), quantity: '1' });
    await jar.postForm(`${shop.baseUrl}/checkout/coupon`, { couponCode: 'FID-ONE' });
    expect(String((await jar.get(`${shop.baseUrl}/checkout`)).body)).toContain('Cupom recusado: couponUsedUp');
  });

  it('another shopper cannot see someone else\'s order page', async () => {
    const mine = await control(sandbox, 'POST', `/accounts/${shop.name}/checkout`, { email: carla.email, items: [{ skuId }] });
    const orderId = (mine.body as { orderId: string }).orderId;
    const other = (await control(sandbox, 'GET', `/accounts/${shop.name}/customers/3`)).body as { email: string };
    const jar = await logIn(shop, other.email);
    expect((await jar.get(`${shop.baseUrl}/checkout/orders/${orderId}`)).status).toBe(404);
  });
});

describe('JSON checkout (/_sandbox/accounts/{account}/checkout)', () => {
  it('buys with a shopper token and a coupon; the total matches the simulation and the order', async () => {
    const minted = await control(sandbox, 'POST', `/accounts/${shop.name}/identity/tokens`, { email: carla.email });
    expect(minted.status).toBe(201);
    const authToken = (minted.body as { token: string }).token;
    await vtex(shop).post('/api/rnb/pvt/coupon', { couponCode: 'FID-JSON', utmSource: 'fid-25', maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00', maxUsage: 1 });
    const request = { authToken, items: [{ skuId, quantity: 3 }], coupon: 'FID-JSON' };
    const simulated = await control(sandbox, 'POST', `/accounts/${shop.name}/checkout/simulate`, request);
    expect(simulated.status).toBe(200);
    const bought = await control(sandbox, 'POST', `/accounts/${shop.name}/checkout`, request);
    expect(bought.status).toBe(201);
    const body = bought.body as { orderId: string; value: number; userProfileId: string; coupon: { code: string; promotionName: string } };
    expect(body).toMatchObject({ userProfileId: carla.userId, coupon: { code: 'FID-JSON', promotionName: 'Fidelidade 25%' } });
    expect(body.value).toBe((simulated.body as { totals: { value: number } }).totals.value);
    const order = (await vtex(shop).get(`/api/oms/pvt/orders/${body.orderId}`)).body as Order;
    expect(order.value).toBe(body.value);
    expect(order.totals.find((t) => t.id === 'Discounts')?.value).toBeLessThan(0);

    const again = await control(sandbox, 'POST', `/accounts/${shop.name}/checkout`, request);
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('couponUsedUp');
  });

  it('refuses archived coupons, bad tokens and empty carts', async () => {
    await vtex(shop).post('/api/rnb/pvt/coupon', { couponCode: 'FID-OLD', utmSource: 'fid-25', maxItemsPerClient: 0, expirationIntervalPerUse: '00:00:00' });
    await vtex(shop).post('/api/rnb/pvt/archive/coupon/FID-OLD', {});
    const archived = await control(sandbox, 'POST', `/accounts/${shop.name}/checkout`, { email: carla.email, items: [{ skuId }], coupon: 'FID-OLD' });
    expect(archived.status).toBe(409);
    expect(JSON.stringify(archived.body)).toContain('couponArchived');
    expect((await control(sandbox, 'POST', `/accounts/${shop.name}/checkout`, { authToken: 'a.b.c', items: [{ skuId }] })).status).toBe(401);
    expect((await control(sandbox, 'POST', `/accounts/${shop.name}/checkout`, { email: carla.email, items: [] })).status).toBe(400);
    expect((await control(sandbox, 'POST', `/accounts/${shop.name}/checkout`, { email: 'ninguem@example.com', items: [{ skuId }] })).status).toBe(404);
  });
});
