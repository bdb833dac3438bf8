// Redemptions paid out as VTEX coupons, against the sandbox over HTTP on each engine: the
// promotion made once per reward and read back, one single-use coupon per redemption, VTEX
// failing or timing out while issuing (points held, then one coupon on retry, or given back), the
// store's active-promotions limit, cancelling, expiry, approval, and the coupon used by an order.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { createVtexClient, type VtexClient } from '../../src/adapters/vtex';
import { vtexCouponGatewayFactory } from '../../src/adapters/vtex/coupon-gateway';
import { getVtexCredentials } from '../../src/app/integrations/get-vtex-credentials';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { getBalance } from '../../src/app/ledger/get-balance';
import { processOrderEvents } from '../../src/app/orders/process-order-events';
import { HOOK_SECRET_HEADER } from '../../src/app/integrations/receive-order-hook';
import { redeem as redeemDirect } from '../../src/app/rewards/redemptions';
import { MAX_ISSUE_ATTEMPTS, utmSourceOf } from '../../src/app/rewards/issue-coupon';
import { COUPON_ALPHABET } from '../../src/domain/coupon-code';
import { settleRedemptions } from '../../src/jobs/redemptions.job';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { controlOk, createShop, setFaults, type Shop } from '../harness/vtex-sandbox';
import { seedMember } from '../harness/world';

const CODE = new RegExp(`^[${COUPON_ALPHABET}]{4}-[${COUPON_ALPHABET}]{4}-[${COUPON_ALPHABET}]{4}$`);
const DAY = 86_400_000;

describe.each(engines)('coupon issuing on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  const slug = engine.name.replace(/[^a-z]/g, '');
  let shopCount = 0;
  beforeAll(async () => {
    ({ database, sandbox, http } = suite);
  });

  /** A store of its own per test: promotions and coupons do not leak between tests. */
  async function newShop(): Promise<{ shop: Shop; vtex: VtexClient }> {
    const shop = await createShop(sandbox, `cpn${slug}${++shopCount}`);
    const vtex = createVtexClient({ account: shop.name, appKey: shop.appKey, appToken: shop.appToken, baseUrlTemplate: `${sandbox.url}/{account}`, retry: { maxAttempts: 1 } });
    return { shop, vtex };
  }

  async function setUp(options: { points?: number; active?: boolean; settings?: Record<string, unknown>; program?: Record<string, unknown> } = {}) {
    const { shop, vtex } = await newShop();
    const tenant = await tenantWithKey(http.world);
    const saved = await http.app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: tenant.auth,
      payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: options.active ?? false, ...options.settings },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    if (options.program) {
      const program = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: tenant.auth, payload: options.program });
      expect(program.statusCode, program.body).toBe(200);
    }
    const member = await seedMember(http.world, tenant.tenantId);
    await adjustPoints(http.world, { tenantId: tenant.tenantId, memberId: member.id, points: options.points ?? 1_000, reason: 'seed', actor: 'test', idempotencyKey: `seed:${member.id}` });
    return { ...tenant, memberId: member.id, shop, vtex };
  }
  type Setup = Awaited<ReturnType<typeof setUp>>;

  async function reward(setup: Setup, body: Record<string, unknown> = {}) {
    const created = await http.app.inject({
      method: 'POST',
      url: '/api/admin/v1/rewards',
      headers: setup.auth,
      payload: { kind: 'percent_discount', name: '10% off', cost: 100, discountPercent: 10, ...body },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }
  const redeem = (setup: Setup, rewardId: string, key: string) =>
    http.app.inject({ method: 'POST', url: `/api/admin/v1/members/${setup.memberId}/redemptions`, headers: { ...setup.auth, 'idempotency-key': key }, payload: { rewardId } });
  const read = async (setup: Setup, redemptionId: string) =>
    (await http.app.inject({ method: 'GET', url: `/api/admin/v1/redemptions/${redemptionId}`, headers: setup.auth })).json();
  const balance = (setup: Setup) => getBalance(http.world, setup.tenantId, setup.memberId);
  /** The store's coupons and promotions linked to the reward. */
  async function inVtex(setup: Setup, rewardId: string) {
    const utm = utmSourceOf(rewardId);
    const listed = await setup.vtex.listPromotions();
    if (!listed.ok) throw new Error(listed.error.message);
    const all = await fetch(`${sandbox.url}/${setup.shop.name}/api/rnb/pvt/coupon`, { headers: keyHeaders(setup.shop) });
    const coupons = (await all.json()) as { couponCode: string; utmSource: string; maxUsage?: number }[];
    return {
      promotions: listed.value.promotions.filter((promotion) => promotion.utmSource === utm),
      coupons: coupons.filter((coupon) => coupon.utmSource === utm),
    };
  }
  /** VTEX's hook tells us of the order (as the store would) and the order job settles it. */
  async function orderReachesUs(setup: Setup, orderId: string) {
    const credentials = await getVtexCredentials(http.world, setup.tenantId);
    const hook = await http.app.inject({
      method: 'POST',
      url: `/webhooks/vtex/${setup.tenantId}/orders`,
      headers: { 'content-type': 'application/json', [HOOK_SECRET_HEADER]: credentials!.hookSecret },
      payload: JSON.stringify({
        Domain: 'Marketplace', OrderId: orderId, State: 'payment-pending', LastState: 'order-created', LastChange: '2026-01-10T12:00:00Z',
        CurrentChange: '2026-01-10T12:00:01Z', Origin: { Account: setup.shop.name, Key: setup.shop.appKey },
      }),
    });
    expect(hook.statusCode, hook.body).toBe(200);
    await processOrderEvents(http.world, setup.tenantId);
  }
  const later = (ms: number) => http.world.clock.set(new Date(http.world.clock.now().getTime() + ms));
  const keyHeaders = (shop: Shop) => ({ 'x-vtex-api-appkey': shop.appKey, 'x-vtex-api-apptoken': shop.appToken });
  const events = async (tenantId: string, redemptionId: string) =>
    (await database.query<{ type: string; payload: Record<string, unknown> }>(sql`select type, payload from outbox_events
      where tenant_id = ${tenantId} and payload->>'redemptionId' = ${redemptionId} order by created_at, id`));

  it('issues at once: the reward’s promotion made once and read back, one single-use coupon per redemption', async () => {
    const setup = await setUp();
    const rewardId = await reward(setup);
    const first = await redeem(setup, rewardId, 'click-1');
    expect(first.statusCode, first.body).toBe(201);
    const issued = first.json();
    expect(issued).toMatchObject({ status: 'issued', issueAttempts: 0, lastError: null });
    expect(issued.couponCode).toMatch(CODE);
    expect(issued.instructions).toContain(issued.couponCode);
    expect(Date.parse(issued.couponExpiresAt) - http.world.clock.now().getTime()).toBe(365 * DAY);
    const second = (await redeem(setup, rewardId, 'click-2')).json();
    expect(second.status).toBe('issued');
    expect(second.couponCode).not.toBe(issued.couponCode);
    expect(await balance(setup)).toMatchObject({ available: 800, held: 0 });

    const vtex = await inVtex(setup, rewardId);
    expect(vtex.promotions).toHaveLength(1);
    expect(vtex.coupons.map((coupon) => coupon.couponCode).sort()).toEqual([issued.couponCode, second.couponCode].sort());
    for (const coupon of vtex.coupons) expect(coupon.maxUsage).toBe(1);
    const promotion = await setup.vtex.getPromotion(vtex.promotions[0]!.id);
    expect(promotion.ok && promotion.value.raw).toMatchObject({ percentualDiscountValue: 10, isActive: true });
    const saved = (await http.app.inject({ method: 'GET', url: `/api/admin/v1/rewards/${rewardId}`, headers: setup.auth })).json();
    expect(saved).toMatchObject({ vtexPromotionId: vtex.promotions[0]!.id, issueError: null });

    expect((await events(setup.tenantId, issued.id)).map((event) => event.type)).toEqual(['redemption.requested', 'redemption.issued']);
    expect((await events(setup.tenantId, issued.id))[1]!.payload).toMatchObject({ couponCode: issued.couponCode });
    const replay = await redeem(setup, rewardId, 'click-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(issued);
  });

  it('VTEX failing while issuing holds the points; the job issues the coupon once when VTEX is back', async () => {
    const setup = await setUp();
    const rewardId = await reward(setup, { kind: 'fixed_discount', name: 'R$ 20', discountCents: 2_000, discountPercent: undefined });
    await setFaults(sandbox, setup.shop, { serverErrorShare: 1 });
    const answer = await redeem(setup, rewardId, 'while-down');
    expect(answer.statusCode, answer.body).toBe(201);
    const waiting = answer.json();
    expect(waiting).toMatchObject({ status: 'issuing', couponCode: null, issueAttempts: 1 });
    expect(waiting.lastError).toMatch(/VTEX did not save the reward's promotion/);
    expect(await balance(setup)).toMatchObject({ available: 900, held: 100 });

    // Still down at the first retry: the attempt is counted, the points stay held.
    later(61_000);
    expect(await settleRedemptions(http.world, { tenantIds: [setup.tenantId] })).toMatchObject({ retrying: 1, issued: 0 });
    expect(await read(setup, waiting.id)).toMatchObject({ status: 'issuing', issueAttempts: 2 });
    // Not due yet: nothing is tried.
    expect(await settleRedemptions(http.world, { tenantIds: [setup.tenantId] })).toMatchObject({ retrying: 0, issued: 0 });

    await setFaults(sandbox, setup.shop, {});
    later(60 * 60_000);
    expect(await settleRedemptions(http.world, { tenantIds: [setup.tenantId] })).toMatchObject({ issued: 1 });
    const issued = await read(setup, waiting.id);
    expect(issued.status).toBe('issued');
    expect(await balance(setup)).toMatchObject({ available: 900, held: 0 });
    later(60 * 60_000);
    expect(await settleRedemptions(http.world, { tenantIds: [setup.tenantId] })).toMatchObject({ issued: 0, retrying: 0 });
    const vtex = await inVtex(setup, rewardId);
    expect(vtex.promotions).toHaveLength(1);
    expect(vtex.coupons.map((coupon) => coupon.couponCode)).toEqual([issued.couponCode]);
  });

  it('a long outage loses nothing: past the last attempt the points stay held while VTEX cannot archive, and the coupon is issued when it is back', async () => {
    const setup = await setUp();
    const rewardId = await reward(setup);
    await setFaults(sandbox, setup.shop, { serverErrorShare: 1 });
    const waiting = (await redeem(setup, rewardId, 'long-outage')).json();
    for (let attempt = 2; attempt <= MAX_ISSUE_ATTEMPTS + 1; attempt++) {
      later(2 * 60 * 60_000);
      await settleRedemptions(http.world, { tenantIds: [setup.tenantId] });
    }
    // VTEX is still down: the coupon might exist and cannot be archived, so the points stay held.
    const stuck = await read(setup, waiting.id);
    expect(stuck).toMatchObject({ status: 'issuing' });
    expect(stuck.lastError).toMatch(/archiving the coupon before giving the points back failed/);
    expect(await balance(setup)).toMatchObject({ available: 900, held: 100 });
    // VTEX answers again: the next try issues the coupon, once.
    await setFaults(sandbox, setup.shop, {});
    later(2 * 60 * 60_000);
    await settleRedemptions(http.world, { tenantIds: [setup.tenantId] });
    const after = await read(setup, waiting.id);
    expect(after.status).toBe('issued');
    expect(await balance(setup)).toMatchObject({ available: 900, held: 0 });
    expect((await inVtex(setup, rewardId)).coupons.map((coupon) => coupon.couponCode)).toEqual([after.couponCode]);
  });

  it('one tenant whose secrets do not open never stops another tenant’s coupons', async () => {
    const broken = await setUp();
    const healthy = await setUp();
    const brokenReward = await reward(broken);
    const healthyReward = await reward(healthy);
    await setFaults(sandbox, healthy.shop, { serverErrorShare: 1 });
    const waiting = (await redeem(healthy, healthyReward, 'healthy')).json();
    await setFaults(sandbox, healthy.shop, {});
    expect(waiting.status).toBe('issuing');
    await setFaults(sandbox, broken.shop, { serverErrorShare: 1 });
    const stuck = (await redeem(broken, brokenReward, 'broken')).json();
    expect(stuck.status).toBe('issuing');
    // As if the operator had lost the key that sealed this tenant's AppToken.
    await database.query(sql`update vtex_integrations set app_token_sealed = 'v1.AAAAAAAA.AAAA.AAAA.AAAA' where tenant_id = ${broken.tenantId}`);
    later(61_000);
    await expect(settleRedemptions(http.world, { tenantIds: [broken.tenantId, healthy.tenantId] })).rejects.toThrow(new RegExp(broken.tenantId));
    expect(await read(healthy, waiting.id)).toMatchObject({ status: 'issued' });
    const after = await read(broken, stuck.id);
    expect(after).toMatchObject({ status: 'issuing', issueAttempts: 2 });
    expect(after.lastError).toMatch(/unexpected failure/);
    expect(await balance(broken)).toMatchObject({ held: 100 });
  });

  it('a coupon request that timed out is tried again with the same code: saved once, never made twice', async () => {
    const setup = await setUp();
    const rewardId = await reward(setup);
    const impatient = { ...http.world, vtexCoupons: vtexCouponGatewayFactory({ baseUrlTemplate: `${sandbox.url}/{account}`, timeoutMs: 150 }) };
    // A first redemption makes and confirms the promotion, so the slow call is the coupon's.
    expect((await redeemDirect(impatient, { tenantId: setup.tenantId, memberId: setup.memberId, rewardId, idempotencyKey: 'warm' })).redemption.status).toBe('issued');
    // Every call answers after 400 ms: the client gives up at 150 ms.
    await setFaults(sandbox, setup.shop, { latencyMs: 400 });
    const { redemption } = await redeemDirect(impatient, { tenantId: setup.tenantId, memberId: setup.memberId, rewardId, idempotencyKey: 'slow' });
    expect(redemption.status).toBe('issuing');
    expect(redemption.lastError).toMatch(/VTEX did not save the coupon/);
    expect(await balance(setup)).toMatchObject({ held: 100 });
    await setFaults(sandbox, setup.shop, {});
    // As if VTEX had saved the coupon but its answer was lost on the way back.
    const lost = await setup.vtex.createCoupon({ couponCode: redemption.couponCode!, utmSource: utmSourceOf(rewardId), maxUsage: 1, maxItemsPerClient: 1 });
    expect(lost.ok).toBe(true);

    later(61_000);
    expect(await settleRedemptions(http.world, { tenantIds: [setup.tenantId] })).toMatchObject({ issued: 1 });
    expect(await read(setup, redemption.id)).toMatchObject({ status: 'issued', couponCode: redemption.couponCode });
    const after = await inVtex(setup, rewardId);
    expect(after.coupons).toHaveLength(2);
    expect(after.coupons.filter((coupon) => coupon.couponCode === redemption.couponCode)).toHaveLength(1);
    expect(await balance(setup)).toMatchObject({ available: 800, held: 0 });
  });

  it('the store’s active-promotions limit fails the redemption, gives the points back and says why on the reward', async () => {
    const setup = await setUp();
    // Four promotions come with every sandbox store: 96 more reach VTEX's limit of 100 active.
    for (let n = 0; n < 96; n++) {
      const made = await setup.vtex.createPromotion({ name: `Merchant ${n}`, isActive: true, beginDateUtc: '2026-01-01T00:00:00Z', discountType: 'percentual', percentualDiscountValue: 5 });
      expect(made.ok).toBe(true);
    }
    const rewardId = await reward(setup);
    const failed = (await redeem(setup, rewardId, 'over-the-limit')).json();
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/promotion/i);
    expect(await balance(setup)).toMatchObject({ available: 1_000, held: 0 });
    const withError = (await http.app.inject({ method: 'GET', url: `/api/admin/v1/rewards/${rewardId}`, headers: setup.auth })).json();
    expect(withError.issueError).toMatch(/100 active promotions/);
    expect((await events(setup.tenantId, failed.id)).map((event) => event.type)).toEqual(['redemption.requested', 'redemption.failed']);

    const refused = await redeem(setup, rewardId, 'again');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'REWARD_UNAVAILABLE' });
    expect(await balance(setup)).toMatchObject({ available: 1_000, held: 0 });

    // The merchant frees a promotion in VTEX and saves the reward: coupons are issued again.
    const listed = await setup.vtex.listPromotions();
    const merchant = listed.ok ? listed.value.promotions.find((promotion) => promotion.name === 'Merchant 0') : undefined;
    const archived = await fetch(`${sandbox.url}/${setup.shop.name}/api/rnb/pvt/archive/calculatorConfiguration/${merchant!.id}`, { method: 'POST', headers: keyHeaders(setup.shop) });
    expect(archived.status).toBeLessThan(300);
    const patched = await http.app.inject({ method: 'PATCH', url: `/api/admin/v1/rewards/${rewardId}`, headers: setup.auth, payload: { name: '10% off!' } });
    expect(patched.json().issueError).toBeNull();
    expect((await redeem(setup, rewardId, 'after-the-fix')).json().status).toBe('issued');
  });

  it('a merchant cancels an issued coupon: archived in VTEX, points back, once; a bad request changes nothing', async () => {
    const setup = await setUp();
    const rewardId = await reward(setup);
    const issued = (await redeem(setup, rewardId, 'to-cancel')).json();
    const cancel = (id: string, payload: unknown) =>
      http.app.inject({ method: 'POST', url: `/api/admin/v1/redemptions/${id}/cancel`, headers: setup.auth, payload: payload as object });
    const noReason = await cancel(issued.id, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    expect((await read(setup, issued.id)).status).toBe('issued');

    const cancelled = await cancel(issued.id, { reason: 'customer asked' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', reason: 'customer asked', couponCode: issued.couponCode, instructions: null });
    expect(await balance(setup)).toMatchObject({ available: 1_000, held: 0 });
    const coupon = await setup.vtex.getCoupon(issued.couponCode);
    expect(coupon.ok && coupon.value.isArchived).toBe(true);
    const again = await cancel(issued.id, { reason: 'twice' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_STATE');
    expect(await balance(setup)).toMatchObject({ available: 1_000 });
    expect((await events(setup.tenantId, issued.id)).map((event) => event.type)).toEqual(['redemption.requested', 'redemption.issued', 'redemption.cancelled']);
  });

  it('an expired unused coupon is archived and expired; the points come back only when the program says so', async () => {
    for (const returnPoints of [false, true]) {
      const setup = await setUp({ settings: { couponValidityDays: 30 }, program: { expiredCouponsReturnPoints: returnPoints } });
      const rewardId = await reward(setup);
      const issued = (await redeem(setup, rewardId, 'expiring')).json();
      expect(Date.parse(issued.couponExpiresAt) - http.world.clock.now().getTime()).toBe(30 * DAY);
      later(29 * DAY);
      await settleRedemptions(http.world, { tenantIds: [setup.tenantId] });
      expect((await read(setup, issued.id)).status).toBe('issued');
      later(DAY);
      await settleRedemptions(http.world, { tenantIds: [setup.tenantId] });
      expect(await read(setup, issued.id)).toMatchObject({ status: 'expired' });
      const coupon = await setup.vtex.getCoupon(issued.couponCode);
      expect(coupon.ok && coupon.value.isArchived).toBe(true);
      expect(await balance(setup)).toMatchObject({ available: returnPoints ? 1_000 : 900, held: 0 });
      const [expired] = (await events(setup.tenantId, issued.id)).filter((event) => event.type === 'redemption.expired');
      expect(expired?.payload).toMatchObject({ pointsReturned: returnPoints ? 100 : 0 });
    }
  });

  it('with manual approval, the coupon is issued when the merchant approves', async () => {
    const setup = await setUp({ settings: { manualRedemptionApproval: true } });
    const rewardId = await reward(setup);
    const pending = (await redeem(setup, rewardId, 'needs-approval')).json();
    expect(pending).toMatchObject({ status: 'pending_approval', couponCode: null });
    expect((await inVtex(setup, rewardId)).coupons).toHaveLength(0);
    const approved = await http.app.inject({ method: 'POST', url: `/api/admin/v1/redemptions/${pending.id}/approve`, headers: setup.auth });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('issued');
    expect((await inVtex(setup, rewardId)).coupons.map((coupon) => coupon.couponCode)).toEqual([approved.json().couponCode]);
    expect(await balance(setup)).toMatchObject({ available: 900, held: 0 });
  });

  it('every kind of reward: its coupon applies at the checkout as the reward says, and the order marks it used', async () => {
    const setup = await setUp({ active: true });
    const shopper = await controlOk<{ email: string }>(sandbox, 'POST', `/accounts/${setup.shop.name}/masterdata/customers`, { email: `kinds.${slug}@example.com`, firstName: 'Bia', lastName: 'Reis' });
    const ids = await setup.vtex.listSkuIds(1, 2);
    const [gift, other] = ids.ok ? ids.value : [];
    // R$ 100,00 each, so every discount is easy to state.
    for (const skuId of [gift, other]) await controlOk(sandbox, 'PATCH', `/accounts/${setup.shop.name}/catalog/skus/${skuId}`, { price: 10_000, listPrice: 10_000 });
    const checkout = (coupon: string, items: { skuId: number; quantity: number }[]) =>
      fetch(`${sandbox.url}/_sandbox/accounts/${setup.shop.name}/checkout`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: shopper.email, items, coupon }),
      });
    const cases: { reward: Record<string, unknown>; items: { skuId: number; quantity: number }[]; discounts: number; shipping: number; refusedWith?: { skuId: number; quantity: number }[] }[] = [
      { reward: { kind: 'percent_discount', name: '12,5% off', discountPercent: 12.5 }, items: [{ skuId: gift!, quantity: 2 }], discounts: -2_500, shipping: 1_990 },
      { reward: { kind: 'fixed_discount', name: 'R$ 20', discountCents: 2_000 }, items: [{ skuId: gift!, quantity: 2 }], discounts: -2_000, shipping: 1_990 },
      { reward: { kind: 'free_shipping', name: 'Frete grátis' }, items: [{ skuId: gift!, quantity: 1 }], discounts: 0, shipping: 0 },
      // One unit of the product is free, not the other SKU nor the second unit; a cart without it is refused.
      {
        reward: { kind: 'product', name: 'Brinde', skuId: String(gift) }, items: [{ skuId: gift!, quantity: 2 }, { skuId: other!, quantity: 1 }], discounts: -10_000, shipping: 1_990,
        refusedWith: [{ skuId: other!, quantity: 1 }],
      },
      // Below the minimum order the coupon is refused; at R$ 300 it applies.
      {
        reward: { kind: 'fixed_discount', name: 'R$ 50 acima de R$ 300', discountCents: 5_000, minOrderCents: 30_000 }, items: [{ skuId: gift!, quantity: 3 }], discounts: -5_000, shipping: 1_990,
        refusedWith: [{ skuId: gift!, quantity: 2 }],
      },
    ];
    for (const [n, example] of cases.entries()) {
      const rewardId = await reward(setup, { discountPercent: undefined, cost: 10, ...example.reward });
      const issued = (await redeem(setup, rewardId, `kind-${n}`)).json();
      expect(issued.status, JSON.stringify(issued)).toBe('issued');
      if (example.refusedWith) {
        const refused = await checkout(issued.couponCode, example.refusedWith);
        expect(refused.status, `${example.reward.name}: ${await refused.clone().text()}`).toBe(409);
        expect(await refused.text()).toContain('couponNotApplicable');
      }
      const placed = await checkout(issued.couponCode, example.items);
      expect(placed.status, `${example.reward.name}: ${await placed.clone().text()}`).toBe(201);
      const order = (await placed.json()) as { orderId: string; totals: { discounts: number; shipping: number } };
      expect(order.totals, String(example.reward.name)).toMatchObject({ discounts: example.discounts, shipping: example.shipping });
      await orderReachesUs(setup, order.orderId);
      expect(await read(setup, issued.id), String(example.reward.name)).toMatchObject({ status: 'used', orderId: order.orderId });
      // Single use: the same code is refused at the next checkout.
      const again = await checkout(issued.couponCode, example.items);
      expect(again.status).toBe(409);
    }
  });

  it('an order carrying the coupon marks it used; a used coupon cannot be cancelled', async () => {
    const setup = await setUp({ active: true });
    const rewardId = await reward(setup);
    const issued = (await redeem(setup, rewardId, 'to-use')).json();
    const shopper = await controlOk<{ email: string }>(sandbox, 'POST', `/accounts/${setup.shop.name}/masterdata/customers`, { email: `ana.${slug}@example.com`, firstName: 'Ana', lastName: 'Lima' });
    const skus = await setup.vtex.listSkuIds(1, 1);
    const skuId = Number(skus.ok ? skus.value[0] : 1);
    const order = await controlOk<{ orderId: string; totals: { discounts: number } }>(sandbox, 'POST', `/accounts/${setup.shop.name}/checkout`, {
      email: shopper.email, items: [{ skuId, quantity: 1 }], coupon: issued.couponCode.toLowerCase(),
    });
    expect(order.totals.discounts).not.toBe(0);
    await orderReachesUs(setup, order.orderId);
    expect(await read(setup, issued.id)).toMatchObject({ status: 'used', orderId: order.orderId });
    expect((await events(setup.tenantId, issued.id)).at(-1)).toMatchObject({ type: 'redemption.used', payload: { orderId: order.orderId } });

    // A second coupon used in VTEX before its order reached us: cancelling finds out and refuses.
    const other = (await redeem(setup, rewardId, 'used-unseen')).json();
    const otherOrder = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${setup.shop.name}/checkout`, { email: shopper.email, items: [{ skuId, quantity: 1 }], coupon: other.couponCode });
    const refused = await http.app.inject({ method: 'POST', url: `/api/admin/v1/redemptions/${other.id}/cancel`, headers: setup.auth, payload: { reason: 'too late' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain(otherOrder.orderId);
    expect(await read(setup, other.id)).toMatchObject({ status: 'used', orderId: otherOrder.orderId });
    expect(await balance(setup)).toMatchObject({ available: 800, held: 0 });
  });
});
