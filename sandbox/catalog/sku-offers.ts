// What a SKU sells for right now: price, list price, stock and active flag. The seeded values
// come from the SKU catalog; scenario edits are kept here, apart from the Sku records, because
// seeded orders are regenerated from those records and must keep the prices they were sold at.
// Checkout and promotions should read prices through `skuOffer` to see the same edits.

import { AccountStateKey, type Account } from '../core/account';
import { hash32 } from '../data/prng';
import type { Sku } from '../data/sku-catalog';

export interface SkuOffer {
  /** Integer cents, like the Sku record. */
  price: number;
  listPrice: number;
  availableQuantity: number;
  isActive: boolean;
}

class SkuOfferEdits {
  readonly edits = new Map<number, Partial<SkuOffer>>();
}

const offerEditsKey = new AccountStateKey('catalog-offers', () => new SkuOfferEdits());

/** About 1 SKU in 12 is out of stock in a fresh account; the others hold 1–300 units. */
function seededQuantity(account: Account, sku: Sku): number {
  const roll = hash32(account.seed, sku.id, 0x570c);
  return roll % 12 === 0 ? 0 : 1 + (roll >>> 8) % 300;
}

export function skuOffer(account: Account, sku: Sku): SkuOffer {
  const edit = account.state(offerEditsKey).edits.get(sku.id);
  return {
    price: sku.price,
    listPrice: sku.listPrice,
    availableQuantity: seededQuantity(account, sku),
    isActive: sku.isActive,
    ...edit,
  };
}

export function editSkuOffer(account: Account, sku: Sku, patch: Partial<SkuOffer>): SkuOffer {
  const edits = account.state(offerEditsKey).edits;
  edits.set(sku.id, { ...edits.get(sku.id), ...patch });
  return skuOffer(account, sku);
}
