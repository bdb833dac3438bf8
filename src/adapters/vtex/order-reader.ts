// Order, customer and catalog reads for the order and import jobs, mapped to what scoring,
// enrolment and the imports use. A VTEX refusal (401/403) is marked so an import stops instead of retrying.
import type { CatalogSku, CustomerFacts, ImportedCustomer, OrderFacts, VtexConnection, VtexOrderReader } from '../../app/ports';
import type { VtexSku } from './catalog';
import type { VtexClientOptions } from './http-transport';
import type { VtexCustomer } from './master-data';
import type { VtexResult } from './result';
import { clientFor, perConnection, toVtexRead } from './per-connection';

const read = toVtexRead;

const imported = (customer: VtexCustomer): ImportedCustomer => ({
  documentId: customer.id,
  userId: customer.userId,
  email: customer.email,
  firstName: customer.firstName,
  lastName: customer.lastName,
  document: customer.document,
  phone: customer.phone,
  birthDate: customer.birthDate,
  isNewsletterOptIn: customer.isNewsletterOptIn === true,
  updatedIn: customer.updatedIn,
});

const rejectedDocuments = (rejected: { id: string | null; reason: string }[]) => rejected.map(({ id, reason }) => ({ documentId: id, reason }));

/** The full-size image (`Images[0]`) rather than `ImageUrl`, which VTEX serves as a thumbnail. */
function mainImage(sku: VtexSku): string | null {
  const images = sku.raw.Images;
  const first: unknown = Array.isArray(images) ? images[0] : undefined;
  if (typeof first === 'object' && first !== null && 'ImageUrl' in first && typeof first.ImageUrl === 'string') return first.ImageUrl;
  return sku.imageUrl;
}

/** A SKU VTEX does not know answers null rather than a failure: the product import marks its reward. */
function orNullWhenMissing<T>(result: VtexResult<T>): VtexResult<T | null> {
  return !result.ok && result.error.kind === 'not_found' ? { ok: true, value: null } : result;
}

/** CL `_where` wants dates without quotes or milliseconds' ambiguity: ISO 8601 in UTC. */
const whereDate = (date: Date) => date.toISOString();

/**
 * One reader per store connection, kept while the process runs, so the client's concurrency cap
 * holds per tenant across jobs (the order job and the imports share it).
 */
export function vtexOrderReaderFactory(options: Pick<VtexClientOptions, 'baseUrlTemplate' | 'concurrency'> = {}) {
  return perConnection((connection): VtexOrderReader => newReader(connection, options));
}

function newReader(connection: VtexConnection, options: Pick<VtexClientOptions, 'baseUrlTemplate' | 'concurrency'>): VtexOrderReader {
  const client = clientFor(connection, {
    baseUrlTemplate: options.baseUrlTemplate,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  return {
    async getOrder(orderId) {
      return read(await client.getOrder(orderId), (order): OrderFacts => ({
        orderId: order.orderId,
        status: order.status,
        itemsCents: order.totals.items,
        discountsCents: order.totals.discounts,
        shippingCents: order.totals.shipping,
        // Returns arrive as `Input` packages whose restitutions say what was refunded.
        refundedCents: order.packages.reduce((sum, pkg) => sum + (pkg.type === 'Input' && pkg.refund ? pkg.refund.value : 0), 0),
        invoicedDate: order.invoicedDate,
        userProfileId: order.clientProfile.userProfileId,
        firstName: order.clientProfile.firstName,
        lastName: order.clientProfile.lastName,
        coupon: order.coupon,
      }));
    },

    async getCustomer(userId) {
      return read(await client.getCustomerByUserId(userId), (customer): CustomerFacts | null => (customer ? { ...imported(customer), userId } : null));
    },

    async listOrders(query) {
      const result = await client.listOrders({
        page: query.page,
        perPage: query.perPage,
        ...(query.created ? { creationDate: query.created } : {}),
        ...(query.invoiced ? { invoicedDate: query.invoiced } : {}),
        orderBy: { field: 'creationDate', direction: 'asc' },
      });
      return read(result, (page) => ({
        orders: page.orders.map(({ orderId, status, creationDate }) => ({ orderId, status, creationDate })),
        rejected: page.rejected.map(({ id, reason }) => ({ orderId: id, reason })),
        total: page.paging.total,
        pages: page.paging.pages,
      }));
    },

    async scrollCustomers(cursor) {
      const result = await client.scrollCustomers('token' in cursor ? { fields: [], size: 0, token: cursor.token } : { fields: CUSTOMER_IMPORT_FIELDS, size: cursor.size });
      return read(result, (page) => ({
        customers: page.documents.map(imported),
        rejected: rejectedDocuments(page.rejected),
        nextToken: page.nextToken,
        total: page.total,
      }));
    },

    async customersUpdated(query) {
      const result = await client.searchCustomers({
        where: `updatedIn between ${whereDate(query.from)} AND ${whereDate(query.to)}`,
        fields: CUSTOMER_IMPORT_FIELDS,
        range: [query.offset, query.offset + query.limit],
        sort: 'updatedIn ASC',
      });
      return read(result, (page) => ({ customers: page.documents.map(imported), rejected: rejectedDocuments(page.rejected), total: page.total }));
    },

    async getSku(skuId) {
      return read(orNullWhenMissing(await client.getSku(Number(skuId))), (sku): CatalogSku | null => (sku
        ? { skuId: sku.id, name: sku.name, imageUrl: mainImage(sku), isActive: sku.isActive && sku.isProductActive !== false }
        : null));
    },

    async listSkuIds(page, pageSize) {
      return read(await client.listSkuIds(page, pageSize), (ids) => ids.map(String));
    },

    async getSkuOffer(skuId) {
      return read(await client.getSkuOffer(Number(skuId)), (offer) => (offer
        ? { priceCents: offer.price, availableQuantity: offer.availableQuantity, isAvailable: offer.isAvailable }
        : null));
    },
  };
}

const CUSTOMER_IMPORT_FIELDS = ['email', 'userId', 'firstName', 'lastName', 'document', 'phone', 'birthDate', 'isNewsletterOptIn', 'updatedIn'];
