// Get order and List orders bodies → the fields Pontua scores with (VTEX-API.md §4.2–4.3).
// Money stays in integer cents, as VTEX sends it; anything Pontua needs that is missing or
// mistyped makes the whole order invalid rather than scoring it with a guess.

import {
  asArray, asObject, idField, invalid, readEach, optionalArray, optionalDate, optionalObject, optionalString, requiredCents, requiredDate,
  requiredId, requiredInteger, requiredObject, requiredString, type JsonObject,
} from './json-reader';

export interface VtexOrderTotals {
  /** Sum of the items at their list prices, in cents. */
  items: number;
  /** Negative (or zero) cents. */
  discounts: number;
  shipping: number;
  /** null when the store sends no Tax total. */
  tax: number | null;
}

export interface VtexOrderItem {
  /** The SKU id. */
  id: string;
  productId: string | null;
  name: string | null;
  quantity: number;
  price: number;
  listPrice: number | null;
  sellingPrice: number;
}

export interface VtexClientProfile {
  /** Usually a masked …@ct.vtex.com.br alias: resolve the real one in CL by userProfileId. */
  email: string | null;
  userProfileId: string | null;
  firstName: string | null;
  lastName: string | null;
  document: string | null;
  documentType: string | null;
}

export interface VtexRefundItem {
  id: string;
  quantity: number;
  price: number;
}

export interface VtexOrderPackage {
  /** `Output` for a sale invoice, `Input` for a return. */
  type: string | null;
  invoiceNumber: string | null;
  invoiceValue: number | null;
  issuanceDate: string | null;
  /** restitutions.Refund of a return package; null when there is none. */
  refund: { value: number; items: VtexRefundItem[] } | null;
}

export interface VtexOrder {
  orderId: string;
  sequence: string;
  status: string;
  creationDate: string;
  lastChange: string;
  invoicedDate: string | null;
  /** Order total in cents. */
  value: number;
  totals: VtexOrderTotals;
  items: VtexOrderItem[];
  clientProfile: VtexClientProfile;
  coupon: string | null;
  packages: VtexOrderPackage[];
  /** The whole document, for fields Pontua does not type yet. */
  raw: JsonObject;
}

export interface VtexOrderSummary {
  orderId: string;
  sequence: string;
  status: string;
  creationDate: string;
  authorizedDate: string | null;
  /** Order total in cents. */
  totalValue: number;
}

export interface VtexOrderPage {
  orders: VtexOrderSummary[];
  /** Rows that could not be read, with why: an import records them as errors and goes on. */
  rejected: { id: string | null; reason: string }[];
  paging: { total: number; pages: number; currentPage: number; perPage: number };
}

function readTotals(order: JsonObject): VtexOrderTotals {
  const byId = new Map<string, number>();
  asArray(order.totals, 'order.totals').forEach((entry, index) => {
    const total = asObject(entry, `order.totals[${index}]`);
    byId.set(requiredString(total, 'id', `order.totals[${index}]`), requiredCents(total, 'value', `order.totals[${index}]`));
  });
  const required = (id: string): number => byId.get(id) ?? invalid('order.totals', `has no ${id} total`);
  return { items: required('Items'), discounts: required('Discounts'), shipping: required('Shipping'), tax: byId.get('Tax') ?? null };
}

function readItem(value: unknown, path: string): VtexOrderItem {
  const item = asObject(value, path);
  const quantity = requiredInteger(item, 'quantity', path);
  if (quantity < 1) invalid(`${path}.quantity`, 'should be at least 1');
  return {
    id: requiredId(item, 'id', path),
    productId: optionalString(item, 'productId', path),
    name: optionalString(item, 'name', path),
    quantity,
    price: requiredCents(item, 'price', path),
    listPrice: item.listPrice === undefined || item.listPrice === null ? null : requiredCents(item, 'listPrice', path),
    sellingPrice: requiredCents(item, 'sellingPrice', path),
  };
}

function readClientProfile(order: JsonObject): VtexClientProfile {
  const profile = requiredObject(order, 'clientProfileData', 'order');
  const path = 'order.clientProfileData';
  const text = (name: string): string | null => {
    const value = optionalString(profile, name, path);
    return value === '' ? null : value;
  };
  return {
    email: text('email'),
    userProfileId: text('userProfileId'),
    firstName: text('firstName'),
    lastName: text('lastName'),
    document: text('document'),
    documentType: text('documentType'),
  };
}

function readRefund(pkg: JsonObject, path: string): VtexOrderPackage['refund'] {
  const restitutions = optionalObject(pkg, 'restitutions', path);
  const refund = restitutions === null ? null : optionalObject(restitutions, 'Refund', `${path}.restitutions`);
  if (refund === null) return null;
  const refundPath = `${path}.restitutions.Refund`;
  return {
    value: requiredCents(refund, 'value', refundPath),
    items: optionalArray(refund, 'items', refundPath).map((entry, index) => {
      const item = asObject(entry, `${refundPath}.items[${index}]`);
      return {
        id: requiredId(item, 'id', `${refundPath}.items[${index}]`),
        quantity: requiredInteger(item, 'quantity', `${refundPath}.items[${index}]`),
        price: requiredCents(item, 'price', `${refundPath}.items[${index}]`),
      };
    }),
  };
}

function readPackages(order: JsonObject): VtexOrderPackage[] {
  const attachment = optionalObject(order, 'packageAttachment', 'order');
  if (attachment === null) return [];
  return optionalArray(attachment, 'packages', 'order.packageAttachment').map((entry, index) => {
    const path = `order.packageAttachment.packages[${index}]`;
    const pkg = asObject(entry, path);
    return {
      type: optionalString(pkg, 'type', path),
      invoiceNumber: optionalString(pkg, 'invoiceNumber', path),
      invoiceValue: pkg.invoiceValue === undefined || pkg.invoiceValue === null ? null : requiredCents(pkg, 'invoiceValue', path),
      issuanceDate: optionalDate(pkg, 'issuanceDate', path),
      refund: readRefund(pkg, path),
    };
  });
}

export function readOrder(body: unknown): VtexOrder {
  const order = asObject(body, 'order');
  const marketing = optionalObject(order, 'marketingData', 'order');
  const coupon = marketing === null ? null : optionalString(marketing, 'coupon', 'order.marketingData');
  return {
    orderId: requiredString(order, 'orderId', 'order'),
    sequence: requiredId(order, 'sequence', 'order'),
    status: requiredString(order, 'status', 'order'),
    creationDate: requiredDate(order, 'creationDate', 'order'),
    lastChange: requiredDate(order, 'lastChange', 'order'),
    invoicedDate: optionalDate(order, 'invoicedDate', 'order'),
    value: requiredCents(order, 'value', 'order'),
    totals: readTotals(order),
    items: asArray(order.items, 'order.items').map((item, index) => readItem(item, `order.items[${index}]`)),
    clientProfile: readClientProfile(order),
    coupon: coupon === '' ? null : coupon,
    packages: readPackages(order),
    raw: order,
  };
}

export function readOrderPage(body: unknown): VtexOrderPage {
  const page = asObject(body, 'orders');
  const paging = requiredObject(page, 'paging', 'orders');
  const rows = readEach(asArray(page.list, 'orders.list'), 'orders.list', (entry, path) => {
    const row = asObject(entry, path);
    const status = requiredString(row, 'status', path);
    if (status === '') invalid(`${path}.status`, 'is empty');
    return {
      orderId: requiredString(row, 'orderId', path),
      sequence: requiredId(row, 'sequence', path),
      status,
      creationDate: requiredDate(row, 'creationDate', path),
      authorizedDate: optionalDate(row, 'authorizedDate', path),
      totalValue: requiredCents(row, 'totalValue', path),
    };
  }, (entry) => idField(entry, 'orderId'));
  return {
    orders: rows.read,
    rejected: rows.rejected,
    paging: {
      total: requiredInteger(paging, 'total', 'orders.paging'),
      pages: requiredInteger(paging, 'pages', 'orders.paging'),
      currentPage: requiredInteger(paging, 'currentPage', 'orders.paging'),
      perPage: requiredInteger(paging, 'perPage', 'orders.paging'),
    },
  };
}
