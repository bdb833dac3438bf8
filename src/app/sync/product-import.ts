// The product import: the SKUs of the integration's `rewardSkuIds` — the whole catalog when it is
// empty, paged through the SKU id listing — become `product` rewards, and every run refreshes
// them from VTEX: name, image, price and availability, and the cost from the price unless the
// merchant set it. It runs again every 6 hours, so the same job is the refresh.
//
// One page of SKUs per step: their reads run side by side behind the client's concurrency cap,
// then one transaction writes the page; the checkpoint says which page comes next, so a process
// that dies reads at most one page again (and a page written twice changes nothing twice).
import { PRODUCT_UNAVAILABLE, newProductReward, refreshProductReward, type CatalogProduct, type ProductCostRule } from '../../domain/product-reward';
import type { Reward } from '../../domain/reward';
import { newId } from '../ids';
import type { OrderContext } from '../orders/process-order-events';
import type { VtexOrderReader, VtexRead } from '../ports';
import { numberField, valueOf, VtexReadFailed, type SyncDeps, type SyncJobDefinition } from './sync-step';

/** SKUs per step: two reads each, four at a time per tenant, a few seconds against VTEX. */
export const PRODUCT_PAGE_SIZE = 50;
const CONCURRENT_SKU_READS = 8;
export const PRODUCT_REFRESH_EVERY_MS = 6 * 60 * 60_000;

/** Where a run is: `listed` walks `rewardSkuIds` by offset, `catalog` the SKU id listing by page. */
interface Run {
  mode: 'listed' | 'catalog';
  next: number;
  startedAt: string;
}

function readRun(checkpoint: Record<string, unknown>): Run | null {
  const run = checkpoint.run;
  if (typeof run !== 'object' || run === null) return null;
  const fields = run as Record<string, unknown>;
  if ((fields.mode !== 'listed' && fields.mode !== 'catalog') || typeof fields.startedAt !== 'string') return null;
  return { mode: fields.mode, next: numberField(fields, 'next', fields.mode === 'listed' ? 0 : 1), startedAt: fields.startedAt };
}

type SkuRead =
  | { skuId: string; product: CatalogProduct | null }
  /** VTEX refused the key or failed for now: the page is read again later. */
  | { skuId: string; pageFailed: VtexReadFailed }
  /** Anything else (an answer we cannot read): this SKU's error, the page goes on. */
  | { skuId: string; error: string };

function failed<T>(skuId: string, read: Extract<VtexRead<T>, { ok: false }>, what: string): SkuRead {
  return read.refused || read.retryable ? { skuId, pageFailed: new VtexReadFailed(read, what) } : { skuId, error: read.message };
}

/** The SKU as VTEX has it: the private read (names, image, active), then the storefront's offer when it is active. */
async function readProduct(reader: VtexOrderReader, skuId: string): Promise<SkuRead> {
  const sku = await reader.getSku(skuId);
  if (!sku.ok) return failed(skuId, sku, `reading SKU ${skuId}`);
  if (sku.value === null) return { skuId, product: null };
  const product: CatalogProduct = { ...sku.value, skuId, offer: null };
  // The search leaves inactive SKUs out: no need to ask.
  if (!product.isActive) return { skuId, product };
  const offer = await reader.getSkuOffer(skuId);
  if (!offer.ok) return failed(skuId, offer, `reading the offer of SKU ${skuId}`);
  return { skuId, product: { ...product, offer: offer.value } };
}

/** `work` over the items, at most `limit` at a time, answers in the items' order. */
async function mapConcurrently<T, U>(items: T[], limit: number, work: (item: T) => Promise<U>): Promise<U[]> {
  const results: U[] = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Reads the page's SKUs and writes what changed; answers the page's errors. */
async function importPage(deps: SyncDeps, context: OrderContext, skuIds: string[], rule: ProductCostRule): Promise<string[]> {
  const reads = await mapConcurrently(skuIds, CONCURRENT_SKU_READS, (skuId) => readProduct(context.reader, skuId));
  // Thrown once every read is over, so none goes on after the step; nothing of the page is written.
  for (const read of reads) if ('pageFailed' in read) throw read.pageFailed;
  const existing = await deps.productImports.importedProducts(context.tenantId, skuIds);
  const now = deps.clock.now();
  const errors: string[] = [];
  const created: Reward[] = [];
  const refreshed: Reward[] = [];
  for (const read of reads) {
    if (!('product' in read)) {
      if ('error' in read) errors.push(`SKU ${read.skuId}: ${read.error}`);
      continue;
    }
    const current = existing.get(read.skuId);
    if (read.product === null) {
      errors.push(`SKU ${read.skuId}: ${PRODUCT_UNAVAILABLE.missing}; ${current ? 'its reward is unavailable' : 'skipped'}`);
    }
    if (current) {
      const changed = refreshProductReward(current, read.product, rule, now);
      if (changed) refreshed.push(changed);
    } else if (read.product) {
      created.push(newProductReward(read.product, rule, { tenantId: context.tenantId, id: newId('rwd', now.getTime()), now }));
    }
  }
  await deps.productImports.savePage(context.tenantId, { created, refreshed });
  return errors;
}

export const productsImport: SyncJobDefinition = {
  kind: 'products.import',
  grows: 'rewards',
  repeatEveryMs: PRODUCT_REFRESH_EVERY_MS,
  async step(deps, context, state) {
    const listed = context.settings.rewardSkuIds;
    const ongoing = readRun(state.checkpoint);
    // Which list a run walks is decided when it starts; a change of the setting counts from the next run.
    const run: Run = ongoing ?? {
      mode: listed.length > 0 ? 'listed' : 'catalog',
      next: listed.length > 0 ? 0 : 1,
      startedAt: deps.clock.now().toISOString(),
    };
    // done/total count this run's SKUs.
    const doneBefore = ongoing ? state.done : 0;
    let skuIds: string[];
    let last: boolean;
    let total: number | null;
    if (run.mode === 'listed') {
      skuIds = listed.slice(run.next, run.next + PRODUCT_PAGE_SIZE);
      last = run.next + PRODUCT_PAGE_SIZE >= listed.length;
      total = listed.length;
    } else {
      skuIds = valueOf(await context.reader.listSkuIds(run.next, PRODUCT_PAGE_SIZE), `listing SKU ids, page ${run.next}`);
      last = skuIds.length < PRODUCT_PAGE_SIZE;
      total = last ? doneBefore + skuIds.length : null;
    }
    const program = await deps.tenants.get(context.tenantId);
    if (!program) throw new Error(`tenant ${context.tenantId} has no program`);
    const rule = { pointsPerCurrencyUnit: program.pointsPerCurrencyUnit, rewardCostFactor: program.rewardCostFactor };
    const errors = await importPage(deps, context, [...new Set(skuIds)], rule);
    // SKUs taken off the list: their rewards stay (redemptions refer to them) but cannot be redeemed.
    if (last && run.mode === 'listed' && listed.length > 0) {
      await deps.productImports.markUnlisted(context.tenantId, listed, PRODUCT_UNAVAILABLE.unlisted, deps.clock.now());
    }
    const next = run.mode === 'listed' ? run.next + PRODUCT_PAGE_SIZE : run.next + 1;
    return {
      checkpoint: last ? { lastRunStartedAt: run.startedAt } : { run: { ...run, next } },
      done: doneBefore + skuIds.length,
      total,
      newErrors: errors.length,
      lastError: errors.at(-1) ?? null,
      finished: last,
    };
  },
};
