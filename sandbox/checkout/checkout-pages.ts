// The cart/checkout pages at /{account}/checkout: a logged-in shopper adds SKUs, applies a
// coupon (validated by whoever owns coupons, normally the promotions area) and places the
// order through the order scenarios, so hooks and feeds fire as for any other order.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { skuOffer } from '../catalog/sku-offers';
import type { Account } from '../core/account';
import type { AreaKit } from '../core/area';
import { reais } from '../data/money';
import { statusDescription, type OrderStatus } from '../data/order-statuses';
import { itemTotal } from '../data/unit-prices';
import { acceptForms, field } from '../identity/forms';
import { escapeHtml, page } from '../identity/html';
import { scriptTags } from '../identity/storefront-scripts';
import { currentSession, currentShopper, type Shopper, type ShopperSession } from '../identity/identity-state';
import { priceOrder } from '../oms/order-pricing';
import { moveOrder, placeOrder } from '../oms/order-scenarios';
import { checkoutStateKey, type Cart } from './checkout-state';

/** The happy path a sandbox shopper can push an order along from its page. */
const NEXT_STATUS: Partial<Record<OrderStatus, OrderStatus>> = {
  'payment-pending': 'payment-approved',
  'payment-approved': 'ready-for-handling',
  'ready-for-handling': 'handling',
  'handling': 'invoiced',
};

type OrderParams = { Params: { account: string; orderId: string } };

function html(reply: FastifyReply, account: Account, title: string, body: string, status = 200): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(page(account.name, title, body, scriptTags(account)));
}

const redirect = (reply: FastifyReply, location: string): FastifyReply => reply.code(303).header('location', location).send();

function renderCart(account: Account, cart: Cart, shopper: Shopper, nowMs: number): string {
  const base = `/${escapeHtml(account.name)}/checkout`;
  let priced = priceOrder(account, cart, shopper.customer.userId, nowMs);
  // The cart may have changed since the coupon was accepted (the SKU it frees removed, the total
  // now under its floor): show the cart without it and say why, as placing the order would fail.
  let couponProblem = '';
  if (!priced.ok && cart.couponCode !== null) {
    couponProblem = `<p class="error">Cupom ${escapeHtml(cart.couponCode)} não aplicado: ${escapeHtml(priced.message)}</p>`;
    priced = priceOrder(account, { items: cart.items, couponCode: null }, shopper.customer.userId, nowMs);
  }
  const notice = cart.notice ? `<p class="${cart.notice.kind}">${escapeHtml(cart.notice.text)}</p>` : '';
  const options = account.catalog.all().map((sku) => ({ sku, offer: skuOffer(account, sku) })).filter(({ offer }) => offer.isActive)
    .map(({ sku, offer }) => `<option value="${sku.id}">${escapeHtml(sku.name)} — ${reais(offer.price)}</option>`).join('');
  let table = '<p>Seu carrinho está vazio.</p>';
  if (priced.ok && priced.value.lines.length > 0) {
    const rows = priced.value.lines.map(({ sku, item }) => `<tr><td>${escapeHtml(sku.name)}</td><td>${item.quantity}</td>
<td>${reais(item.price)}</td><td>${reais(itemTotal(item))}</td>
<td><form class="inline" method="post" action="${base}/items/remove"><input type="hidden" name="skuId" value="${sku.id}"><button>Remover</button></form></td></tr>`).join('');
    const t = priced.value.totals;
    table = `<table><tr><th>Produto</th><th>Qtd.</th><th>Preço</th><th>Subtotal</th><th></th></tr>${rows}</table>
<p>Itens: ${reais(t.items)} · Descontos: <span id="discounts">${reais(t.discounts)}</span> · Frete: ${reais(t.shipping)} · <strong>Total: <span id="total">${reais(t.value)}</span></strong></p>
<form method="post" action="${base}/place"><button type="submit">Finalizar compra</button></form>`;
  }
  const coupon = cart.couponCode === null ? '' : `<p>Cupom aplicado: <strong>${escapeHtml(cart.couponCode)}</strong>${priced.ok && priced.value.coupon ? ` (${escapeHtml(priced.value.coupon.promotionName)})` : ''}</p>`;
  return `<h1>Carrinho de ${escapeHtml(shopper.customer.firstName)}</h1>${notice}
<form method="post" action="${base}/items"><select name="skuId">${options}</select>
<input name="quantity" type="number" min="1" value="1" size="3"><button type="submit">Adicionar</button></form>
${table}${couponProblem || coupon}
<form method="post" action="${base}/coupon"><label>Cupom <input name="couponCode" value="${escapeHtml(cart.couponCode ?? '')}"></label><button type="submit">Aplicar</button></form>`;
}

export function registerCheckoutPages(scope: FastifyInstance, kit: AreaKit): void {
  acceptForms(scope);
  const onRequest = kit.gate('public');

  /** The shopper and its session, or undefined after redirecting to the login page. */
  const who = (request: FastifyRequest, reply: FastifyReply): { account: Account; shopper: Shopper; session: ShopperSession } | undefined => {
    const account = kit.account(request);
    const shopper = currentShopper(kit.ctx, account, request);
    const session = currentSession(kit.ctx, account, request);
    if (shopper && session) return { account, shopper, session };
    redirect(reply, `/${account.name}/?returnUrl=${encodeURIComponent(`/${account.name}/checkout`)}`);
    return undefined;
  };
  const cartOf = (account: Account, session: ShopperSession): Cart => account.state(checkoutStateKey).cart(session.id);

  scope.get('/checkout', { onRequest }, async (request, reply) => {
    const found = who(request, reply);
    if (!found) return reply;
    const cart = cartOf(found.account, found.session);
    const body = renderCart(found.account, cart, found.shopper, kit.ctx.clock.now());
    cart.notice = null;
    return html(reply, found.account, 'Carrinho', body);
  });

  scope.post('/checkout/items', { onRequest }, async (request, reply) => {
    const found = who(request, reply);
    if (!found) return reply;
    const cart = cartOf(found.account, found.session);
    const skuId = Number(field(request, 'skuId'));
    const quantity = Number(field(request, 'quantity') ?? '1');
    const sku = found.account.catalog.get(skuId);
    if (!sku || !skuOffer(found.account, sku).isActive || !Number.isInteger(quantity) || quantity < 1 || quantity > 99) {
      cart.notice = { kind: 'error', text: 'Produto ou quantidade inválidos.' };
    } else {
      const line = cart.items.find((l) => l.skuId === skuId);
      if (line) line.quantity = Math.min(99, line.quantity + quantity);
      else cart.items.push({ skuId, quantity });
    }
    return redirect(reply, `/${found.account.name}/checkout`);
  });

  scope.post('/checkout/items/remove', { onRequest }, async (request, reply) => {
    const found = who(request, reply);
    if (!found) return reply;
    const cart = cartOf(found.account, found.session);
    const skuId = Number(field(request, 'skuId'));
    cart.items = cart.items.filter((line) => line.skuId !== skuId);
    return redirect(reply, `/${found.account.name}/checkout`);
  });

  scope.post('/checkout/coupon', { onRequest }, async (request, reply) => {
    const found = who(request, reply);
    if (!found) return reply;
    const cart = cartOf(found.account, found.session);
    const code = (field(request, 'couponCode') ?? '').trim();
    if (code === '') {
      cart.couponCode = null;
    } else {
      const priced = priceOrder(found.account, { items: cart.items, couponCode: code }, found.shopper.customer.userId, kit.ctx.clock.now());
      if (priced.ok) cart.couponCode = priced.value.coupon?.code ?? code;
      cart.notice = priced.ok ? { kind: 'ok', text: `Cupom ${code} aplicado.` } : { kind: 'error', text: `Cupom recusado: ${priced.message}` };
    }
    return redirect(reply, `/${found.account.name}/checkout`);
  });

  scope.post('/checkout/place', { onRequest }, async (request, reply) => {
    const found = who(request, reply);
    if (!found) return reply;
    const { account, shopper, session } = found;
    const cart = cartOf(account, session);
    const placed = placeOrder(account, {
      customerIndex: shopper.customerIndex, items: cart.items, couponCode: cart.couponCode ?? undefined, status: 'payment-pending',
    }, kit.ctx.clock.now());
    if (!placed.ok) {
      cart.notice = { kind: 'error', text: `Não foi possível finalizar: ${placed.message}` };
      return redirect(reply, `/${account.name}/checkout`);
    }
    account.state(checkoutStateKey).clear(session.id);
    return redirect(reply, `/${account.name}/checkout/orders/${placed.value.orderId}`);
  });

  /** The shopper's own order only: another customer's order is "not found". */
  const ownOrder = (account: Account, shopper: Shopper, orderId: string): number | undefined => {
    const index = account.orders.indexOf(orderId);
    return index !== undefined && account.orders.customerIndexAt(index) === shopper.customerIndex ? index : undefined;
  };

  scope.get<OrderParams>('/checkout/orders/:orderId', { onRequest }, async (request, reply) => {
    const found = who(request, reply);
    if (!found) return reply;
    const { account, shopper } = found;
    const index = ownOrder(account, shopper, request.params.orderId);
    if (index === undefined) return html(reply, account, 'Pedido', '<h1>Pedido não encontrado</h1>', 404);
    const status = account.orders.statusAt(index);
    const next = NEXT_STATUS[status];
    const orderId = escapeHtml(request.params.orderId);
    return html(reply, account, 'Pedido', `<h1>Pedido ${orderId}</h1>
<p>Status: <strong id="status">${escapeHtml(status)}</strong> (${escapeHtml(statusDescription(status))}) · Total: ${reais(account.orders.totalValueAt(index))}</p>
${next ? `<form method="post" action="/${escapeHtml(account.name)}/checkout/orders/${orderId}/advance"><button type="submit">Sandbox: mover para ${escapeHtml(next)}</button></form>` : ''}
<p><a href="/${escapeHtml(account.name)}/checkout">Continuar comprando</a></p>`);
  });

  scope.post<OrderParams>('/checkout/orders/:orderId/advance', { onRequest }, async (request, reply) => {
    const found = who(request, reply);
    if (!found) return reply;
    const { account, shopper } = found;
    const index = ownOrder(account, shopper, request.params.orderId);
    const next = index === undefined ? undefined : NEXT_STATUS[account.orders.statusAt(index)];
    if (next) moveOrder(account, request.params.orderId, next, kit.ctx.clock.now());
    return redirect(reply, `/${account.name}/checkout/orders/${request.params.orderId}`);
  });
}
