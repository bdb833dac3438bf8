// Catalog › Content › SKUs is the one resource the Catalog spec lists for the SKU reads.

import { RESOURCES } from '../core/license-resources';

export const READ_SKUS = { resources: [RESOURCES.skus] };

export type SkuParams = { Params: { account: string; skuId: string } };

/** VTEX SKU ids are int32. */
export function parseSkuId(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= 2_147_483_647 ? id : undefined;
}

/** Catalog money is decimal currency units, not cents as in OMS. */
export function toDecimal(cents: number): number {
  return Math.round(cents) / 100;
}
