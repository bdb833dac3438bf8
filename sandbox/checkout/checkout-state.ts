// Carts by storefront session (vtex_session), like VTEX's orderForm kept per browser.

import { AccountStateKey } from '../core/account';

export interface Cart {
  items: { skuId: number; quantity: number }[];
  couponCode: string | null;
  /** One-shot notice shown on the next render (e.g. why a coupon was refused). */
  notice: { kind: 'ok' | 'error'; text: string } | null;
}

export class CheckoutState {
  private readonly carts = new Map<string, Cart>();

  cart(sessionId: string): Cart {
    let cart = this.carts.get(sessionId);
    if (!cart) {
      cart = { items: [], couponCode: null, notice: null };
      this.carts.set(sessionId, cart);
    }
    return cart;
  }

  clear(sessionId: string): void {
    this.carts.delete(sessionId);
  }
}

export const checkoutStateKey = new AccountStateKey('checkout', () => new CheckoutState());
