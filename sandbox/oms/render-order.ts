// Turns an order's facts and current state into the JSON VTEX's Get order and List orders
// return: field names, casing, nullability and integer cents as in the Orders API spec.

import type { Account } from '../core/account';
import { addressFor } from '../data/addresses';
import { orderTotals, type OrderFacts, type OrderItemFacts } from '../data/order-facts';
import type { OrderState } from '../data/order-store';
import { statusDescription } from '../data/order-statuses';
import { hexId } from '../data/prng';
import type { Sku } from '../data/sku-catalog';
import { itemTotal, unitPrices } from '../data/unit-prices';
import { listDate, orderDate } from './vtex-dates';

const PAYMENT_GROUPS: Record<string, { id: string; group: string; card: boolean }> = {
  'Visa': { id: '2', group: 'creditCard', card: true },
  'Mastercard': { id: '4', group: 'creditCard', card: true },
  'American Express': { id: '1', group: 'creditCard', card: true },
  'Elo': { id: '9', group: 'creditCard', card: true },
  'Pix': { id: '125', group: 'instantPayment', card: false },
  'Boleto Bancário': { id: '6', group: 'bankInvoice', card: false },
};

const UNKNOWN_SKU: Sku = {
  id: 0, productId: 0, name: 'Produto', productName: 'Produto', refId: '', ean: '', brandId: 0, brandName: '',
  categoryId: 0, categoryName: '', listPrice: 0, price: 0, isActive: false, detailUrl: '/', imageUrl: '',
  weight: 0, height: 0, width: 0, length: 0,
};

export function renderOrder(account: Account, facts: OrderFacts, state: OrderState): Record<string, unknown> {
  const { orders, customers, catalog, seed, name } = account;
  const orderId = orders.orderIdAt(facts.index);
  const customerIndex = facts.customerIndex;
  const customer = customers.at(customerIndex);
  const totals = orderTotals(facts);
  const skus = facts.items.map((item) => catalog.get(item.skuId) ?? UNKNOWN_SKU);
  const payment = PAYMENT_GROUPS[facts.paymentSystemName] ?? { id: '2', group: 'creditCard', card: true };
  const address = addressFor(seed, customerIndex);
  const addressId = hexId(seed, customerIndex, 0xad, 13).toLowerCase();
  const receiverName = customer ? `${customer.firstName} ${customer.lastName}` : 'Cliente';
  return {
    orderId,
    sequence: orders.sequenceAt(facts.index),
    marketplaceOrderId: '',
    marketplaceServicesEndpoint: `http://oms.vtexinternal.com.br/api/oms?an=${name}`,
    sellerOrderId: `00-${orderId}`,
    origin: 'Marketplace',
    affiliateId: '',
    salesChannel: '1',
    merchantName: null,
    status: state.status,
    workflowIsInError: false,
    statusDescription: statusDescription(state.status),
    value: totals.value,
    creationDate: orderDate(facts.creationMs),
    lastChange: orderDate(state.lastChangeMs),
    orderGroup: orderId.slice(0, -3),
    followUpEmail: `${hexId(seed, 0, 0xf0, 32).toLowerCase()}@ct.vtex.com.br`,
    lastMessage: null,
    hostname: name,
    isCompleted: true,
    roundingError: 0,
    orderFormId: hexId(seed, facts.index, 0xf1).toLowerCase(),
    allowCancellation: state.status !== 'invoiced' && state.status !== 'canceled',
    allowEdition: false,
    isCheckedIn: false,
    authorizedDate: state.authorizedMs === null ? null : orderDate(state.authorizedMs),
    invoicedDate: state.invoicedMs === null ? null : orderDate(state.invoicedMs),
    cancelReason: state.status === 'canceled' ? state.cancelReason : null,
    checkedInPickupPointId: null,
    totals: [
      { id: 'Items', name: 'Total dos Itens', value: totals.items },
      { id: 'Discounts', name: 'Total dos Descontos', value: totals.discounts },
      { id: 'Shipping', name: 'Total do Frete', value: totals.shipping },
      { id: 'Tax', name: 'Total da Taxa', value: totals.tax },
    ],
    sellers: [{ id: '1', name, logo: null, fulfillmentEndpoint: `http://fulfillment.vtexcommerce.com.br/api/fulfillment?an=${name}` }],
    clientPreferencesData: { locale: 'pt-BR', optinNewsLetter: customer?.isNewsletterOptIn ?? false },
    cancellationData: state.status === 'canceled' ? {
      RequestedByUser: true, RequestedBySystem: false, RequestedBySellerNotification: false,
      RequestedByPaymentNotification: false, Reason: state.cancelReason,
      CancellationDate: state.canceledMs === null ? null : orderDate(state.canceledMs),
    } : null,
    taxData: null,
    subscriptionData: null,
    itemMetadata: {
      Items: skus.map((sku) => ({
        Id: String(sku.id), Seller: '1', Name: sku.name, SkuName: sku.name, ProductId: String(sku.productId),
        RefId: sku.refId, Ean: sku.ean, ImageUrl: sku.imageUrl, DetailUrl: sku.detailUrl, AssemblyOptions: [],
      })),
    },
    marketplace: null,
    storePreferencesData: {
      countryCode: 'BRA', currencyCode: 'BRL',
      currencyFormatInfo: { CurrencyDecimalDigits: 2, CurrencyDecimalSeparator: ',', CurrencyGroupSeparator: '.', CurrencyGroupSize: 3, StartsWithCurrencySymbol: true },
      currencyLocale: 1046, currencySymbol: 'R$', timeZone: 'E. South America Standard Time',
    },
    customData: null,
    commercialConditionData: null,
    openTextField: null,
    invoiceData: null,
    changesAttachment: null,
    callCenterOperatorData: null,
    packageAttachment: { packages: renderPackages(account, facts, state, totals.value) },
    paymentData: {
      giftCards: [],
      transactions: [{
        isActive: true,
        transactionId: hexId(seed, facts.index, 0x7a),
        merchantName: name.toUpperCase(),
        payments: [{
          id: hexId(seed, facts.index, 0x7b), paymentSystem: payment.id, paymentSystemName: facts.paymentSystemName,
          value: totals.value, installments: payment.card ? 1 + (facts.index % 6) : 1, referenceValue: totals.value,
          cardHolder: null, cardNumber: null, firstDigits: payment.card ? '411111' : null, lastDigits: payment.card ? '1111' : null,
          cvv2: null, expireMonth: null, expireYear: null, url: null, giftCardId: null, giftCardName: null,
          giftCardCaption: null, redemptionCode: null, group: payment.group, tid: String(70_000_000 + facts.index),
          dueDate: null, connectorResponses: {}, giftCardProvider: null, giftCardAsDiscount: null, koinUrl: null,
          accountId: null, parentAccountId: null, bankIssuedInvoiceIdentificationNumber: null,
          bankIssuedInvoiceIdentificationNumberFormatted: null, bankIssuedInvoiceBarCodeNumber: null,
          bankIssuedInvoiceBarCodeType: null, billingAddress: null, paymentOrigin: null,
        }],
      }],
    },
    shippingData: {
      id: 'shippingData',
      address: { addressType: 'residential', receiverName, addressId, versionId: null, entityId: null, ...address, reference: null },
      logisticsInfo: facts.items.map((item, itemIndex) => {
        const price = shippingShare(facts, itemIndex);
        return {
          itemIndex, selectedSla: 'Normal', lockTTL: '10d', price, listPrice: price, sellingPrice: price,
          deliveryWindow: null, deliveryCompany: 'Correios', shippingEstimate: '5bd',
          shippingEstimateDate: orderDate(facts.creationMs + 7 * 86_400_000), slas: [], shipsTo: ['BRA'],
          deliveryIds: [{ courierId: '1', courierName: 'Correios', dockId: '1', quantity: item.quantity, warehouseId: '1_1', accountCarrierName: name, kitItemDetails: null }],
          deliveryChannels: [{ id: 'delivery', stockBalance: 0 }], selectedDeliveryChannel: 'delivery',
          pickupStoreInfo: null, addressId, versionId: null, entityId: null, polygonName: null, pickupPointId: null, transitTime: null,
        };
      }),
      trackingHints: null,
      selectedAddresses: [{ addressId, versionId: null, entityId: null, addressType: 'residential', receiverName, ...address, reference: null }],
      contactInformation: [],
    },
    ratesAndBenefitsData: {
      id: 'ratesAndBenefitsData',
      rateAndBenefitsIdentifiers: facts.coupon ? [{
        description: null, featured: false, id: facts.coupon.promotionId, name: facts.coupon.promotionName,
        matchedParameters: { 'couponCode@Marketing': facts.coupon.code }, additionalInfo: null,
      }] : [],
    },
    marketingData: facts.coupon ? {
      id: 'marketingData', utmSource: '', utmPartner: '', utmMedium: '', utmCampaign: '', coupon: facts.coupon.code,
      utmiCampaign: '', utmipage: '', utmiPart: '', marketingTags: [],
    } : null,
    giftRegistryData: null,
    clientProfileData: {
      id: 'clientProfileData',
      email: customers.conversationEmail(customerIndex),
      firstName: customer?.firstName ?? '', lastName: customer?.lastName ?? '',
      documentType: 'cpf', document: customer?.document ?? '', phone: customer?.phone ?? '',
      corporateName: null, tradeName: null, corporateDocument: null, stateInscription: null, corporatePhone: null,
      isCorporate: false, userProfileId: customer?.userId ?? '', userProfileVersion: null, customerClass: null, customerCode: null,
    },
    items: facts.items.map((item, itemIndex) => renderItem(account, facts, item, skus[itemIndex] ?? UNKNOWN_SKU, itemIndex)),
    marketplaceItems: [],
  };
}

function renderItem(account: Account, facts: OrderFacts, item: OrderItemFacts, sku: Sku, itemIndex: number): Record<string, unknown> {
  return {
    uniqueId: hexId(account.seed, facts.index * 8 + itemIndex, 0x17),
    id: String(item.skuId), productId: String(sku.productId), ean: sku.ean,
    lockId: `00-${account.orders.orderIdAt(facts.index)}`,
    itemAttachment: { content: {}, name: null }, attachments: [],
    quantity: item.quantity, seller: '1', name: sku.name, refId: sku.refId,
    price: item.price, listPrice: item.listPrice, manualPrice: null,
    // Real stores send price-tag objects here, but the Orders spec types them as strings; the
    // discount is still visible in sellingPrice, priceDefinition and totals.Discounts.
    priceTags: [],
    imageUrl: sku.imageUrl, detailUrl: sku.detailUrl, components: [], bundleItems: [], params: [], offerings: [],
    attachmentOfferings: [], sellerSku: String(item.skuId), priceValidUntil: null, commission: 0, tax: 0, preSaleDate: null,
    additionalInfo: {
      brandName: sku.brandName, brandId: String(sku.brandId), categoriesIds: `/${sku.categoryId}/`,
      categories: [{ id: sku.categoryId, name: sku.categoryName }], productClusterId: '', commercialConditionId: '1',
      dimension: { cubicweight: 1, height: sku.height, length: sku.length, weight: sku.weight, width: sku.width },
      offeringInfo: null, offeringType: null, offeringTypeId: null,
    },
    measurementUnit: 'un', unitMultiplier: 1, sellingPrice: item.sellingPrice, isGift: false, shippingPrice: null,
    rewardValue: 0, freightCommission: 0,
    priceDefinition: {
      sellingPrices: unitPrices(item).map(({ value, quantity }) => ({ value, quantity })),
      calculatedSellingPrice: item.sellingPrice, total: itemTotal(item), reason: null,
    },
    taxCode: null, parentItemIndex: null, parentAssemblyBinding: null, callCenterOperator: null,
    serialNumbers: null, assemblies: [], costPrice: Math.round(item.price * 0.55),
  };
}

/** Shipping split over the items; the first one takes the rounding remainder. */
function shippingShare(facts: OrderFacts, itemIndex: number): number {
  const count = facts.items.length;
  const base = Math.floor(facts.shipping / count);
  return itemIndex === 0 ? facts.shipping - base * (count - 1) : base;
}

function renderPackages(account: Account, facts: OrderFacts, state: OrderState, value: number): Record<string, unknown>[] {
  const packages: Record<string, unknown>[] = [];
  if (state.invoicedMs !== null) {
    packages.push({
      items: facts.items.map((item, itemIndex) => ({ itemIndex, quantity: item.quantity, price: item.sellingPrice, description: null, unitMultiplier: 1 })),
      courier: 'Correios', invoiceNumber: `NF-${account.orders.sequenceAt(facts.index)}`, invoiceValue: value, invoiceUrl: null,
      issuanceDate: orderDate(state.invoicedMs), trackingNumber: `BR${String(facts.index).padStart(9, '0')}BR`,
      invoiceKey: null, trackingUrl: null, embeddedInvoice: '', type: 'Output', courierStatus: null, cfop: null,
      restitutions: {}, volumes: 1, EnableInferItems: false,
    });
  }
  for (const orderReturn of state.returns) {
    const returned = orderReturn.items.map(({ itemIndex, quantity }) => ({ itemIndex, quantity, item: facts.items[itemIndex] }));
    packages.push({
      items: returned.map(({ itemIndex, quantity, item }) => ({ itemIndex, quantity, price: item?.sellingPrice ?? 0, description: 'Devolução', unitMultiplier: 1 })),
      courier: null, invoiceNumber: orderReturn.invoiceNumber, invoiceValue: orderReturn.refundValue, invoiceUrl: null,
      issuanceDate: orderDate(orderReturn.returnedMs), trackingNumber: null, invoiceKey: null, trackingUrl: null,
      embeddedInvoice: '', type: 'Input', courierStatus: null, cfop: null,
      restitutions: {
        Refund: {
          value: orderReturn.refundValue, giftCardData: null,
          items: returned.map(({ quantity, item }) => ({
            useFreight: false, isCompensation: false, compensationValue: 0, id: String(item?.skuId ?? ''),
            quantity, price: item?.sellingPrice ?? 0, description: 'Devolução',
          })),
        },
      },
      volumes: 1, EnableInferItems: false,
    });
  }
  return packages;
}

/** One row of List orders (no items since 2018, as the spec says). */
export function renderListRow(account: Account, index: number): Record<string, unknown> {
  const { orders, customers } = account;
  const status = orders.statusAt(index);
  const dates = orders.datesAt(index);
  const customerIndex = orders.customerIndexAt(index);
  const customer = customers.at(customerIndex);
  return {
    orderId: orders.orderIdAt(index),
    creationDate: listDate(orders.creationMs(index)),
    clientName: customer ? `${customer.firstName} ${customer.lastName}` : '',
    items: null,
    totalValue: orders.totalValueAt(index),
    paymentNames: orders.paymentNameAt(index),
    status,
    statusDescription: statusDescription(status),
    marketPlaceOrderId: null,
    sequence: orders.sequenceAt(index),
    salesChannel: '1',
    affiliateId: '',
    origin: 'Marketplace',
    workflowInErrorState: false,
    workflowInRetry: false,
    lastMessageUnread: null,
    ShippingEstimatedDate: null,
    ShippingEstimatedDateMax: null,
    ShippingEstimatedDateMin: null,
    orderIsComplete: true,
    listId: null,
    listType: null,
    authorizedDate: dates.authorizedMs === null ? null : listDate(dates.authorizedMs),
    callCenterOperatorName: null,
    totalItems: orders.totalQuantityAt(index),
    currencyCode: 'BRL',
  };
}
