// The promotions Pontua creates for rewards (one per reward, coupons linked by utmSource), priced
// by the checkout as VTEX would: percent off, a fixed amount off the cart, free shipping, one unit
// of a SKU free, and a minimum order total. Prices are set through the catalog control route, so
// every expected total below is worked out by hand in cents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { logIn } from './shopper-kit';
import { control, createAccount, startTestSandbox, vtex, type HttpResult, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;
let shopper: { email: string; userId: string };
/** R$ 100,00 (list R$ 120,00) and R$ 25,50. */
let skuA: number;
let skuB: number;

const SHIPPING = 1990;

interface Totals { items: number; discounts: number; shipping: number; tax: number; value: number }
interface Priced { items: { skuId: number; quantity: number; price: number; sellingPrice: number; sellingPrices?: { value: number; quantity: number }[] }[]; totals: Totals }
interface Bought { orderId: string; value: number; totals: Totals; coupon: { code: string; promotionId: string; promotionName: string } | null }
interface Order {
  value: number;
  totals: { id: string; value: number }[];
  items: { id: string; quantity: number; price: number; sellingPrice: number; priceTags: unknown[]; priceDefinition: { sellingPrices: { value: number; quantity: number }[]; total: number } }[];
  marketingData: { coupon: string } | null;
  ratesAndBenefitsData: { rateAndBenefitsIdentifiers: { id: string; name: string }[] };
}
interface Usage { profileUsages: Record<string, { orderUsage: { orderId: string }[] }> }

/** One reward: its promotion (the fields Pontua sends) and a coupon linked by utmSource. */
async function reward(code: string, fields: Record<string, unknown>, coupon: Record<string, unknown> = {}): Promise<string> {
  const utmSource = `reward-${code.toLowerCase()}`;
  const created = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', {
    name: `Pontua: ${code}`, type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: '2020-01-01T00:00:00Z',
    endDateUtc: null, utmSource, cumulative: false, percentualShippingDiscountValue: 0, ...fields,
  });
  expect(created.status).toBe(200);
  const madeCoupon = await vtex(shop).post('/api/rnb/pvt/coupon', {
    couponCode: code, utmSource, maxItemsPerClient: 0, expirationIntervalPerUse: '00:00:00', maxUsage: 0, ...coupon,
  });
  expect(madeCoupon.status).toBe(201);
  return (created.body as { idCalculatorConfiguration: string }).idCalculatorConfiguration;
}

const cart = (coupon: string, ...items: [number, number][]) => ({ email: shopper.email, coupon, items: items.map(([skuId, quantity]) => ({ skuId, quantity })) });
const simulate = (body: object) => control(sandbox, 'POST', `/accounts/${shop.name}/checkout/simulate`, body);
const buy = (body: object) => control(sandbox, 'POST', `/accounts/${shop.name}/checkout`, body);
const getOrder = async (orderId: string) => (await vtex(shop).get(`/api/oms/pvt/orders/${orderId}`)).body as Order;
const usedBy = async (code: string) => Object.values(((await vtex(shop).get(`/api/rnb/pvt/coupon/usage/${code}`)).body as Usage).profileUsages)
  .flatMap((profile) => profile.orderUsage.map((use) => use.orderId));

/** Simulates, buys, and checks that the answer, the stored order and the coupon usage agree. */
async function simulateAndBuy(body: { coupon: string }, expected: Totals): Promise<{ simulated: Priced; bought: Bought; order: Order }> {
  const simulated = await simulate(body);
  expect(simulated.status).toBe(200);
  expect((simulated.body as Priced).totals).toEqual(expected);
  const placed = await buy(body);
  expect(placed.status).toBe(201);
  const bought = placed.body as Bought;
  expect(bought.value).toBe(expected.value);
  expect(bought.totals).toEqual(expected);
  const order = await getOrder(bought.orderId);
  expect(order.value).toBe(expected.value);
  expect(order.totals).toEqual([
    { id: 'Items', name: 'Total dos Itens', value: expected.items },
    { id: 'Discounts', name: 'Total dos Descontos', value: expected.discounts },
    { id: 'Shipping', name: 'Total do Frete', value: expected.shipping },
    { id: 'Tax', name: 'Total da Taxa', value: 0 },
  ]);
  expect(order.marketingData?.coupon).toBe(body.coupon);
  // Every line's units add up to its total, and the lines to the items after discounts.
  for (const item of order.items) {
    expect(item.priceDefinition.sellingPrices.reduce((sum, p) => sum + p.value * p.quantity, 0)).toBe(item.priceDefinition.total);
    expect(item.priceDefinition.sellingPrices.reduce((sum, p) => sum + p.quantity, 0)).toBe(item.quantity);
  }
  expect(order.items.reduce((sum, item) => sum + item.priceDefinition.total, 0)).toBe(expected.items + expected.discounts);
  expect(await usedBy(body.coupon)).toContain(bought.orderId);
  return { simulated: simulated.body as Priced, bought, order };
}

async function expectNotApplicable(response: HttpResult, reason: string): Promise<void> {
  expect(response.status).toBe(409);
  const message = (response.body as { error: { message: string } }).error.message;
  expect(message).toMatch(/^couponNotApplicable: /);
  expect(message).toContain(reason);
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'rewardshop', { customers: 10, orders: 0 });
  shopper = (await control(sandbox, 'GET', `/accounts/${shop.name}/customers/4`)).body as typeof shopper;
  const skus = (await control(sandbox, 'GET', `/accounts/${shop.name}/skus`)).body as { skus: { id: number; productId: number; isActive: boolean }[] };
  const active = skus.skus.filter((s) => s.isActive);
  const first = active[0];
  const second = active.find((s) => s.productId !== first?.productId);
  if (!first || !second) throw new Error('the catalog needs two active SKUs of different products');
  [skuA, skuB] = [first.id, second.id];
  for (const [skuId, price, listPrice] of [[skuA, 10_000, 12_000], [skuB, 2550, 2550]]) {
    expect((await control(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${skuId}`, { price, listPrice, isActive: true, availableQuantity: 100 })).status).toBe(200);
  }
});
afterAll(async () => {
  await sandbox.close();
});

describe('percent off the order', () => {
  it('takes P % (with decimals) off each unit, rounding down per unit, and names the promotion', async () => {
    const promotionId = await reward('PCT125', { discountType: 'percentual', percentualDiscountValue: 12.5 });
    // A: 12,5 % of 10000 = 1250 off. B: 12,5 % of 2550 = 318,75 → 318 off each of 3 units = 954.
    const { bought, order } = await simulateAndBuy(cart('PCT125', [skuA, 1], [skuB, 3]), {
      items: 17_650, discounts: -2204, shipping: SHIPPING, tax: 0, value: 17_650 - 2204 + SHIPPING,
    });
    expect(order.items.map((i) => [Number(i.id), i.price, i.sellingPrice])).toEqual([[skuA, 10_000, 8750], [skuB, 2550, 2232]]);
    expect(order.ratesAndBenefitsData.rateAndBenefitsIdentifiers).toMatchObject([{ id: promotionId, name: 'Pontua: PCT125' }]);
    expect(bought.coupon).toEqual({ code: 'PCT125', promotionId, promotionName: 'Pontua: PCT125' });
    // The Orders spec types priceTags as strings: the discount shows in the prices and totals instead.
    expect(order.items.every((i) => i.priceTags.length === 0)).toBe(true);
  });

  it('reads the promotion when the coupon is used, so an update prices the next cart', async () => {
    const promotionId = await reward('PCTUPD', { discountType: 'percentual', percentualDiscountValue: 10 });
    const before = (await simulate(cart('PCTUPD', [skuA, 1]))).body as Priced;
    expect(before.totals.discounts).toBe(-1000);
    await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { idCalculatorConfiguration: promotionId, percentualDiscountValue: 30 });
    expect(((await simulate(cart('PCTUPD', [skuA, 1]))).body as Priced).totals.discounts).toBe(-3000);
  });

  it('honours the skus scope: inclusive discounts only those SKUs, exclusive all the others', async () => {
    await reward('PCTONLYB', { discountType: 'percentual', percentualDiscountValue: 50, skus: [{ id: String(skuB), name: 'B' }], skusAreInclusive: true });
    expect(((await simulate(cart('PCTONLYB', [skuA, 1], [skuB, 2]))).body as Priced).totals.discounts).toBe(-2550);
    await reward('PCTNOTB', { discountType: 'percentual', percentualDiscountValue: 50, skus: [{ id: String(skuB), name: 'B' }], skusAreInclusive: false });
    expect(((await simulate(cart('PCTNOTB', [skuA, 1], [skuB, 2]))).body as Priced).totals.discounts).toBe(-5000);
    await expectNotApplicable(await simulate(cart('PCTNOTB', [skuB, 2])), 'every SKU in the cart is excluded from the promotion');
  });
});

describe('fixed amount off the order (nominal, cart)', () => {
  it('takes exactly V off the items, spread over them in proportion to their value', async () => {
    await reward('FIX20', { discountType: 'nominal', nominalDiscountValue: 20.0, nominalDiscountType: 'cart' });
    // 2000 over 10000 and 7650: 1133,14… and 866,85…; the leftover cent goes to B (the larger remainder).
    const { order } = await simulateAndBuy(cart('FIX20', [skuA, 1], [skuB, 3]), {
      items: 17_650, discounts: -2000, shipping: SHIPPING, tax: 0, value: 17_650 - 2000 + SHIPPING,
    });
    expect(order.items.map((i) => i.priceDefinition.total)).toEqual([10_000 - 1133, 7650 - 867]);
    expect(order.items.map((i) => i.sellingPrice)).toEqual([8867, 2261]);
  });

  it('spreads odd cents over a line\'s units: some units carry one cent more', async () => {
    await reward('FIX10', { discountType: 'nominal', nominalDiscountValue: 10.0, nominalDiscountType: 'cart' });
    const { order } = await simulateAndBuy(cart('FIX10', [skuB, 3]), { items: 7650, discounts: -1000, shipping: SHIPPING, tax: 0, value: 6650 + SHIPPING });
    // 1000 over 3 units: 333 + 333 + 334.
    expect(order.items[0]?.priceDefinition.sellingPrices).toEqual([{ value: 2217, quantity: 2 }, { value: 2216, quantity: 1 }]);
    expect(order.items[0]?.sellingPrice).toBe(2217);
  });

  it('never takes more than the items total; shipping is still charged', async () => {
    await reward('FIX50', { discountType: 'nominal', nominalDiscountValue: 50.0, nominalDiscountType: 'cart' });
    await simulateAndBuy(cart('FIX50', [skuB, 1]), { items: 2550, discounts: -2550, shipping: SHIPPING, tax: 0, value: SHIPPING });
  });

  it('nominalDiscountType item (the default) takes V off every unit instead', async () => {
    await reward('FIXUNIT', { discountType: 'nominal', nominalDiscountValue: 5.0 });
    const simulated = (await simulate(cart('FIXUNIT', [skuA, 1], [skuB, 3]))).body as Priced;
    expect(simulated.totals.discounts).toBe(-2000);
  });
});

describe('free shipping', () => {
  it('makes shipping zero and leaves the items alone', async () => {
    const promotionId = await reward('FRETE', { discountType: 'percentual', percentualDiscountValue: 0, percentualShippingDiscountValue: 100 });
    const { order } = await simulateAndBuy(cart('FRETE', [skuB, 2]), { items: 5100, discounts: 0, shipping: 0, tax: 0, value: 5100 });
    expect(order.ratesAndBenefitsData.rateAndBenefitsIdentifiers).toMatchObject([{ id: promotionId, name: 'Pontua: FRETE' }]);
  });
});

describe('a product given free (100 % off one unit of one SKU)', () => {
  const productReward = () => ({
    discountType: 'percentual', percentualDiscountValue: 100, skus: [{ id: String(skuA), name: 'Brinde' }], skusAreInclusive: true,
    maxNumberOfAffectedItems: 1, maxNumberOfAffectedItemsGroupKey: 'perCart',
  });

  it('frees exactly one unit of that SKU and nothing else', async () => {
    await reward('BRINDE', productReward());
    const { simulated, order } = await simulateAndBuy(cart('BRINDE', [skuA, 3], [skuB, 2]), {
      items: 35_100, discounts: -10_000, shipping: SHIPPING, tax: 0, value: 25_100 + SHIPPING,
    });
    expect(simulated.items[0]?.sellingPrices).toEqual([{ value: 10_000, quantity: 2 }, { value: 0, quantity: 1 }]);
    const [a, b] = order.items;
    expect(a?.priceDefinition).toMatchObject({ sellingPrices: [{ value: 10_000, quantity: 2 }, { value: 0, quantity: 1 }], total: 20_000 });
    expect(b?.priceDefinition).toMatchObject({ sellingPrices: [{ value: 2550, quantity: 2 }], total: 5100 });
  });

  it('returning units of that line refunds their share of what it cost, adding up to its total', async () => {
    await reward('BRINDEDEV', productReward());
    const placed = await buy({ ...cart('BRINDEDEV', [skuA, 3]), status: 'invoiced' });
    const orderId = (placed.body as Bought).orderId;
    const refund = async (quantity: number) => ((await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/return`, { items: [{ itemIndex: 0, quantity }] })).body as { refundValue: number }).refundValue;
    // The line cost 20000 for 3 units: one unit back refunds a third (rounded down), the rest the remainder.
    expect([await refund(1), await refund(2)]).toEqual([6666, 13_334]);
  });

  it('is not applicable when the cart does not hold the SKU: 409, no order, no use', async () => {
    await reward('BRINDE2', productReward());
    await expectNotApplicable(await simulate(cart('BRINDE2', [skuB, 2])), `SKU ${skuA} is not in the cart`);
    await expectNotApplicable(await buy(cart('BRINDE2', [skuB, 2])), `SKU ${skuA} is not in the cart`);
    expect(await usedBy('BRINDE2')).toEqual([]);
  });
});

describe('minimum order total (totalValueFloor)', () => {
  it('applies from the floor up (items before discounts) and is refused below it, recording no use', async () => {
    await reward('MIN100', { discountType: 'percentual', percentualDiscountValue: 10, totalValueFloor: 100.0 });
    await expectNotApplicable(await buy(cart('MIN100', [skuB, 3])), 'the items total R$ 76,50 is below R$ 100,00');
    expect(await usedBy('MIN100')).toEqual([]);
    // Exactly the floor applies; its 10 % would bring the items under it, which does not matter.
    await simulateAndBuy(cart('MIN100', [skuA, 1]), { items: 10_000, discounts: -1000, shipping: SHIPPING, tax: 0, value: 9000 + SHIPPING });
    expect(await usedBy('MIN100')).toHaveLength(1);
  });

  it('bounds the other shapes too (here a fixed amount)', async () => {
    await reward('FIXMIN', { discountType: 'nominal', nominalDiscountValue: 20.0, nominalDiscountType: 'cart', totalValueFloor: 150.5 });
    await expectNotApplicable(await simulate(cart('FIXMIN', [skuA, 1], [skuB, 1])), 'the items total R$ 125,50 is below R$ 150,50');
    expect(((await simulate(cart('FIXMIN', [skuA, 1], [skuB, 3]))).body as Priced).totals.discounts).toBe(-2000);
  });
});

describe('single-use reward coupons', () => {
  it('a maxUsage 1 coupon is used once, then refused with couponUsedUp', async () => {
    await reward('UMAVEZ', { discountType: 'nominal', nominalDiscountValue: 20.0, nominalDiscountType: 'cart' }, { maxUsage: 1, maxItemsPerClient: 1 });
    const { bought } = await simulateAndBuy(cart('UMAVEZ', [skuA, 1]), { items: 10_000, discounts: -2000, shipping: SHIPPING, tax: 0, value: 8000 + SHIPPING });
    const again = await buy(cart('UMAVEZ', [skuA, 1]));
    expect(again.status).toBe(409);
    expect((again.body as { error: { message: string } }).error.message).toMatch(/^couponUsedUp: /);
    expect(await usedBy('UMAVEZ')).toEqual([bought.orderId]);
  });
});

describe('checkout page', () => {
  it('refuses the product coupon until the SKU is in the cart, then frees one unit in the placed order', async () => {
    await reward('BRINDEPAGE', {
      discountType: 'percentual', percentualDiscountValue: 100, skus: [{ id: String(skuA), name: 'Brinde' }], skusAreInclusive: true,
      maxNumberOfAffectedItems: 1, maxNumberOfAffectedItemsGroupKey: 'perCart',
    }, { maxUsage: 1, maxItemsPerClient: 1 });
    const jar = await logIn(shop, shopper.email);
    const page = async () => String((await jar.get(`${shop.baseUrl}/checkout`)).body);
    await jar.postForm(`${shop.baseUrl}/checkout/items`, { skuId: String(skuB), quantity: '1' });
    await jar.postForm(`${shop.baseUrl}/checkout/coupon`, { couponCode: 'BRINDEPAGE' });
    expect(await page()).toContain(`Cupom recusado: couponNotApplicable: the coupon BRINDEPAGE does not apply to this cart: SKU ${skuA} is not in the cart`);

    await jar.postForm(`${shop.baseUrl}/checkout/items`, { skuId: String(skuA), quantity: '2' });
    await jar.postForm(`${shop.baseUrl}/checkout/coupon`, { couponCode: 'BRINDEPAGE' });
    const cartPage = await page();
    expect(cartPage).toContain('Cupom aplicado: <strong>BRINDEPAGE</strong> (Pontua: BRINDEPAGE)');
    expect(cartPage).toContain('<span id="discounts">-R$ 100,00</span>');
    expect(cartPage).toContain(`<span id="total">R$ 145,40</span>`);

    // Taking the SKU out again: the page says the coupon no longer applies, and placing fails.
    await jar.postForm(`${shop.baseUrl}/checkout/items/remove`, { skuId: String(skuA) });
    expect(await page()).toContain('Cupom BRINDEPAGE não aplicado: couponNotApplicable');
    const refused = await jar.postForm(`${shop.baseUrl}/checkout/place`, {});
    expect(refused.headers.get('location')).toBe(`/${shop.name}/checkout`);
    expect(await page()).toContain('Não foi possível finalizar: couponNotApplicable');
    expect(await usedBy('BRINDEPAGE')).toEqual([]);

    await jar.postForm(`${shop.baseUrl}/checkout/items`, { skuId: String(skuA), quantity: '2' });
    const placed = await jar.postForm(`${shop.baseUrl}/checkout/place`, {});
    const orderId = /\/checkout\/orders\/(\d{13}-01)$/.exec(placed.headers.get('location') ?? '')?.[1] ?? '';
    expect(orderId).not.toBe('');
    const order = await getOrder(orderId);
    expect(order.value).toBe(2550 + 20_000 - 10_000 + SHIPPING);
    expect(order.items.find((i) => Number(i.id) === skuA)?.priceDefinition.sellingPrices).toEqual([{ value: 10_000, quantity: 1 }, { value: 0, quantity: 1 }]);
    expect(order.marketingData?.coupon).toBe('BRINDEPAGE');
    expect(await usedBy('BRINDEPAGE')).toEqual([orderId]);
  });
});
