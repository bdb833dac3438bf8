// How a shopper uses an issued coupon, in the program's language: what it gives, where to type
// the code, and what the cart needs (the product in it, the minimum value).
import type { Language } from './program';

export interface CouponTerms {
  kind: string;
  name: string;
  skuId: string | null;
  discountCents: number | null;
  discountPercent: number | null;
  minOrderCents: number | null;
}

const LOCALE: Record<Language, string> = { 'pt-BR': 'pt-BR', en: 'en-US', es: 'es-ES' };

const money = (cents: number, language: Language) =>
  new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency: 'BRL' }).format(cents / 100);

const TEXT: Record<Language, {
  gives: (terms: CouponTerms, amount: (cents: number) => string) => string;
  apply: (code: string) => string;
  minimum: (value: string) => string;
  once: string;
}> = {
  'pt-BR': {
    gives: (t, amount) => ({
      product: `Adicione "${t.name}" ao carrinho: uma unidade sai de graça com o cupom.`,
      fixed_discount: `${amount(t.discountCents ?? 0)} de desconto no pedido.`,
      percent_discount: `${t.discountPercent}% de desconto no pedido.`,
      free_shipping: 'Frete grátis no pedido.',
    } as Record<string, string>)[t.kind] ?? t.name,
    apply: (code) => `No carrinho, digite o cupom ${code} no campo "Cupom de desconto" e clique em Adicionar.`,
    minimum: (value) => `Vale para pedidos a partir de ${value}.`,
    once: 'O cupom vale para um único pedido.',
  },
  en: {
    gives: (t, amount) => ({
      product: `Add "${t.name}" to your cart: the coupon makes one unit free.`,
      fixed_discount: `${amount(t.discountCents ?? 0)} off your order.`,
      percent_discount: `${t.discountPercent}% off your order.`,
      free_shipping: 'Free shipping on your order.',
    } as Record<string, string>)[t.kind] ?? t.name,
    apply: (code) => `In the cart, type the coupon ${code} in the "Coupon" field and click Add.`,
    minimum: (value) => `For orders of ${value} or more.`,
    once: 'The coupon is good for one order.',
  },
  es: {
    gives: (t, amount) => ({
      product: `Agrega "${t.name}" al carrito: el cupón deja una unidad gratis.`,
      fixed_discount: `${amount(t.discountCents ?? 0)} de descuento en el pedido.`,
      percent_discount: `${t.discountPercent}% de descuento en el pedido.`,
      free_shipping: 'Envío gratis en el pedido.',
    } as Record<string, string>)[t.kind] ?? t.name,
    apply: (code) => `En el carrito, escribe el cupón ${code} en el campo "Cupón" y haz clic en Agregar.`,
    minimum: (value) => `Válido para pedidos desde ${value}.`,
    once: 'El cupón vale para un solo pedido.',
  },
};

export function couponInstructions(terms: CouponTerms, code: string, language: Language): string {
  const text = TEXT[language];
  const amount = (cents: number) => money(cents, language);
  return [text.gives(terms, amount), text.apply(code), terms.minOrderCents !== null ? text.minimum(amount(terms.minOrderCents)) : null, text.once]
    .filter((part): part is string => part !== null)
    .join(' ');
}
