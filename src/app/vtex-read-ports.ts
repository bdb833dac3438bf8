// The VTEX reads the order and import jobs use (orders, customers, the catalog), as the use cases
// see them: a value, or a failure that says whether trying again may help. Part of ./ports.ts.
import type { CustomerRecord } from '../domain/member';
import type { SkuOffer } from '../domain/product-reward';
import type { ScorableOrder } from '../domain/scoring';
import type { VtexConnection } from './ports';

/** An order as scoring needs it (money in cents), and whose it is. */
export interface OrderFacts extends ScorableOrder {
  invoicedDate: string | null;
  userProfileId: string | null;
  firstName: string | null;
  lastName: string | null;
  /** marketingData.coupon: the coupon code the order used, if any. */
  coupon: string | null;
}

/** A Master Data CL customer as enrolment needs it: found by its VTEX user id. */
export interface CustomerFacts extends CustomerRecord {
  userId: string;
  isNewsletterOptIn: boolean;
}

export type VtexRead<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      retryable: boolean;
      message: string;
      refused?: 'unauthorized' | 'forbidden';
      resource?: string;
      /** VTEX answered 404: it does not know the thing asked for. */
      notFound?: true;
    };

/** One row of List orders: where an order is now, without its items or customer. */
export interface OrderSummary {
  orderId: string;
  status: string;
  creationDate: string;
}

export interface OrderListPage {
  orders: OrderSummary[];
  /** Rows VTEX sent that could not be read (no id, no status…), with why. */
  rejected: { orderId: string | null; reason: string }[];
  /** Orders matching the filter (all pages), and how many pages of this size they fill. */
  total: number;
  pages: number;
}

export interface OrderListQuery {
  /** Creation or invoice time window, both ends included. */
  created?: { from: Date; to: Date };
  invoiced?: { from: Date; to: Date };
  /** 1–30. */
  page: number;
  /** 1–100. */
  perPage: number;
}

/** A Master Data CL document as the customer import keeps it. */
export interface ImportedCustomer extends CustomerRecord {
  /** The CL document id. */
  documentId: string;
  isNewsletterOptIn: boolean;
  updatedIn: string | null;
}

export interface CustomerBatch {
  customers: ImportedCustomer[];
  /** Documents VTEX sent that could not be read, with why. */
  rejected: { documentId: string | null; reason: string }[];
}

export interface CustomerScrollBatch extends CustomerBatch {
  /** For the next call; null when the scroll is over. */
  nextToken: string | null;
  /** Documents in the whole scroll, when VTEX says. */
  total: number | null;
}

/** A catalog SKU as a product reward shows it. */
export interface CatalogSku {
  skuId: string;
  /** Product and SKU name together (NameComplete). */
  name: string;
  /** Its main image, as VTEX gives it (not necessarily https). */
  imageUrl: string | null;
  isActive: boolean;
}

/** Reads for the order, customer and product jobs, with an import's patience (retries, back-off). */
export interface VtexOrderReader {
  getOrder(orderId: string): Promise<VtexRead<OrderFacts>>;
  /** null when CL has no document for that user. */
  getCustomer(userId: string): Promise<VtexRead<CustomerFacts | null>>;
  /** OMS List orders, oldest first. */
  listOrders(query: OrderListQuery): Promise<VtexRead<OrderListPage>>;
  /** CL scroll: the first call with the page size, then with the token it answered. */
  scrollCustomers(cursor: { size: number } | { token: string }): Promise<VtexRead<CustomerScrollBatch>>;
  /** CL documents updated in [from, to], oldest update first; `offset + limit` ≤ 10,000. */
  customersUpdated(query: { from: Date; to: Date; offset: number; limit: number }): Promise<VtexRead<CustomerBatch & { total: number }>>;
  /** null when VTEX has no such SKU (404). */
  getSku(skuId: string): Promise<VtexRead<CatalogSku | null>>;
  /** The catalog's SKU ids, ascending, pages from 1 (`pageSize` ≤ 1,000); [] past the end. */
  listSkuIds(page: number, pageSize: number): Promise<VtexRead<string[]>>;
  /** What the storefront offers the SKU at; null when the store does not sell it (inactive, unknown). */
  getSkuOffer(skuId: string): Promise<VtexRead<SkuOffer | null>>;
}

export type VtexOrderReaderFactory = (connection: VtexConnection) => VtexOrderReader;
