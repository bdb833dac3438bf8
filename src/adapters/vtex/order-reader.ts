// Order and customer reads for the order jobs, mapped to what scoring and enrolment use.
import type { CustomerFacts, OrderFacts, VtexConnection, VtexOrderReader, VtexRead } from '../../app/ports';
import { createVtexClient } from './client';
import type { VtexClientOptions } from './http-transport';
import type { VtexResult } from './result';

function read<T, U>(result: VtexResult<T>, map: (value: T) => U): VtexRead<U> {
  return result.ok ? { ok: true, value: map(result.value) } : { ok: false, retryable: result.error.retryable, message: result.error.message };
}

export function vtexOrderReaderFactory(options: Pick<VtexClientOptions, 'baseUrlTemplate'> = {}) {
  return (connection: VtexConnection): VtexOrderReader => {
    const client = createVtexClient({
      account: connection.accountName,
      environment: connection.environment,
      appKey: connection.appKey,
      appToken: connection.appToken,
      ...(options.baseUrlTemplate ? { baseUrlTemplate: options.baseUrlTemplate } : {}),
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
        }));
      },
      async getCustomer(userId) {
        return read(await client.getCustomerByUserId(userId), (customer): CustomerFacts | null =>
          customer
            ? {
                userId,
                email: customer.email,
                firstName: customer.firstName,
                lastName: customer.lastName,
                document: customer.document,
                phone: customer.phone,
                birthDate: customer.birthDate,
                isNewsletterOptIn: customer.isNewsletterOptIn === true,
              }
            : null,
        );
      },
    };
  };
}
