// The immutable facts of an order (who bought what, when, for how much) as a pure function of
// (seed, index). Cheap fields (creation time, initial status, delays) each come from their own
// hash so that filters can compute them without generating the items.

import { applyBenefit, couponBenefit, withoutCoupon, type CouponPromotion, type ItemToPrice } from './coupon-benefit';
import { hash32, Prng } from './prng';
import type { OrderStatus } from './order-statuses';
import type { SkuCatalog } from './sku-catalog';
import { itemTotal, type UnitPrice } from './unit-prices';

export interface OrderSeedPlan {
  count: number;
  fromMs: number;
  toMs: number;
  /** Whole milliseconds between consecutive orders: creation time is strictly increasing. */
  stepMs: number;
  customerCount: number;
}

export interface OrderItemFacts {
  skuId: number;
  quantity: number;
  /** Integer cents per unit: list price, price before order-level promotions, and after them (rounded when units differ). */
  listPrice: number;
  price: number;
  sellingPrice: number;
  /** Only when the units sell at different prices (one unit free, a fixed discount's odd cents). */
  sellingPrices?: UnitPrice[];
}

/** The coupon an order used and the promotion that priced it. */
export interface CouponFacts extends CouponPromotion {
  code: string;
}

export interface OrderFacts {
  index: number;
  creationMs: number;
  customerIndex: number;
  items: OrderItemFacts[];
  /** Integer cents. */
  shipping: number;
  coupon: CouponFacts | null;
  paymentSystemName: string;
  initialStatus: OrderStatus;
  authorizedMs: number | null;
  invoicedMs: number | null;
  canceledMs: number | null;
  /** Seeded returns: quantity of the first item sent back, and when. */
  seededReturn: { quantity: number; returnedMs: number } | null;
}

const percentOff = (percent: number) => couponBenefit({ discount: { kind: 'percent', percent } });

export const COUPONS: readonly CouponFacts[] = [
  { code: 'BEMVINDO10', promotionId: '7d1c3a52-5a1f-4c8e-9b0e-2f1f0b6e7a10', promotionName: 'Boas-vindas 10%', benefit: percentOff(10) },
  { code: 'VERAO15', promotionId: 'a2b54f0e-8d2c-4e61-a0f3-5b4c9d8e7f15', promotionName: 'Verão 15%', benefit: percentOff(15) },
  {
    code: 'FRETEGRATIS', promotionId: 'c3e8d7a1-1b2c-4d3e-8f4a-6b5c4d3e2f00', promotionName: 'Frete grátis acima de R$ 199',
    benefit: couponBenefit({ freeShipping: true, minItemsTotal: 19_900 }),
  },
  { code: 'FIDELIDADE5', promotionId: 'e5f6a7b8-9c0d-4e1f-a2b3-c4d5e6f7a805', promotionName: 'Clube fidelidade 5%', benefit: percentOff(5) },
];

export const PAYMENT_SYSTEMS = ['Visa', 'Mastercard', 'Pix', 'Boleto Bancário', 'Elo', 'American Express'] as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Seeded orders are invoiced at most this long after creation (bounds f_invoicedDate scans). */
export const MAX_SEEDED_INVOICE_DELAY_MS = 6 * DAY;
const SETTLED_AGE_MS = 10 * DAY;

const Salt = { Creation: 0x0c, Status: 0x05, Customer: 0x0a, Delays: 0x0d, Body: 0xb0, Payment: 0x9a } as const;

export function seededCreationMs(seed: number, plan: OrderSeedPlan, index: number): number {
  return plan.fromMs + index * plan.stepMs + (hash32(seed, index, Salt.Creation) % plan.stepMs);
}

export function seededPaymentSystem(seed: number, index: number): string {
  return PAYMENT_SYSTEMS[hash32(seed, index, Salt.Payment) % PAYMENT_SYSTEMS.length] ?? 'Visa';
}

export function seededCustomerIndex(seed: number, plan: OrderSeedPlan, index: number): number {
  return hash32(seed, index, Salt.Customer) % Math.max(1, plan.customerCount);
}

/** Old orders are settled (mostly invoiced); the last days still move through the workflow. */
export function seededInitialStatus(seed: number, plan: OrderSeedPlan, index: number): OrderStatus {
  const roll = hash32(seed, index, Salt.Status) / 0x100000000;
  const age = plan.toMs - seededCreationMs(seed, plan, index);
  if (age > SETTLED_AGE_MS) return roll < 0.9 ? 'invoiced' : roll < 0.97 ? 'canceled' : 'handling';
  if (roll < 0.1) return 'payment-pending';
  if (roll < 0.2) return 'payment-approved';
  if (roll < 0.35) return 'ready-for-handling';
  if (roll < 0.5) return 'handling';
  if (roll < 0.93) return 'invoiced';
  return 'canceled';
}

interface SeededDates {
  authorizedMs: number | null;
  invoicedMs: number | null;
  canceledMs: number | null;
}

export function seededDates(seed: number, plan: OrderSeedPlan, index: number, status: OrderStatus): SeededDates {
  const creationMs = seededCreationMs(seed, plan, index);
  const random = Prng.for(seed, index, Salt.Delays);
  const authorizedMs = creationMs + random.between(2 * MINUTE, HOUR);
  const invoiceDelay = random.between(DAY, MAX_SEEDED_INVOICE_DELAY_MS);
  // Recent orders cannot have been invoiced after the end of the seeded period.
  const invoicedMs = Math.min(creationMs + invoiceDelay, Math.max(authorizedMs + MINUTE, plan.toMs - MINUTE));
  const canceledMs = creationMs + random.between(HOUR, 3 * DAY);
  const cancelledBeforePayment = random.chance(0.5);
  switch (status) {
    case 'payment-pending':
      return { authorizedMs: null, invoicedMs: null, canceledMs: null };
    case 'invoiced':
      return { authorizedMs, invoicedMs, canceledMs: null };
    case 'canceled':
      return { authorizedMs: cancelledBeforePayment ? null : authorizedMs, invoicedMs: null, canceledMs };
    default:
      return { authorizedMs, invoicedMs: null, canceledMs: null };
  }
}

export function generateOrderFacts(seed: number, plan: OrderSeedPlan, catalog: SkuCatalog, index: number): OrderFacts {
  const random = Prng.for(seed, index, Salt.Body);
  const creationMs = seededCreationMs(seed, plan, index);
  const initialStatus = seededInitialStatus(seed, plan, index);
  const dates = seededDates(seed, plan, index, initialStatus);
  const drawn = random.chance(0.12) ? random.pick(COUPONS) : null;
  const toPrice = pickItems(random, catalog);
  // Pricing draws nothing from `random`, so the items and everything drawn after stay as they were.
  const priced = drawn ? applyBenefit(toPrice, drawn.benefit) : undefined;
  const coupon = priced?.applies ? drawn : null;
  const items = priced?.applies ? priced.items : withoutCoupon(toPrice);
  const freeShipping = priced?.applies === true && priced.freeShipping;
  const shipping = freeShipping ? 0 : random.chance(0.15) ? 0 : random.between(8, 45) * 100 - 10;
  const hasReturn = initialStatus === 'invoiced' && random.chance(0.03) && dates.invoicedMs !== null;
  const returnedMs = (dates.invoicedMs ?? creationMs) + random.between(2 * DAY, 20 * DAY);
  return {
    index,
    creationMs,
    customerIndex: seededCustomerIndex(seed, plan, index),
    items,
    shipping,
    coupon,
    paymentSystemName: seededPaymentSystem(seed, index),
    initialStatus,
    ...dates,
    seededReturn: hasReturn && returnedMs < plan.toMs ? { quantity: 1, returnedMs } : null,
  };
}

function pickItems(random: Prng, catalog: SkuCatalog): ItemToPrice[] {
  const count = random.chance(0.45) ? 1 : random.between(2, 5);
  const items: ItemToPrice[] = [];
  const used = new Set<number>();
  for (let k = 0; k < count; k += 1) {
    const sku = catalog.atIndex(random.int(catalog.size));
    if (!sku || used.has(sku.id)) continue;
    used.add(sku.id);
    const quantity = random.chance(0.75) ? 1 : random.between(2, 3);
    items.push({ skuId: sku.id, productId: sku.productId, quantity, listPrice: sku.listPrice, price: sku.price });
  }
  return items;
}

export function orderTotals(facts: Pick<OrderFacts, 'items' | 'shipping'>): { items: number; discounts: number; shipping: number; tax: number; value: number } {
  let items = 0;
  let discounts = 0;
  for (const item of facts.items) {
    items += item.price * item.quantity;
    discounts += itemTotal(item) - item.price * item.quantity;
  }
  return { items, discounts, shipping: facts.shipping, tax: 0, value: items + discounts + facts.shipping };
}
