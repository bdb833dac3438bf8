// "Test connection": checks the keys the merchant typed (before saving them) or, without any,
// the stored ones, capability by capability.
import { invalid } from '../../domain/errors';
import { DEFAULT_ENVIRONMENT, parseAccountName, parseEnvironment, parseField } from '../../domain/integration';
import type { SecretBox, VtexConnection, VtexConnectionChecker, VtexConnectionReport, VtexIntegrationStore } from '../ports';
import { getVtexCredentials } from './get-vtex-credentials';

export interface ConnectionCheckInput {
  accountName?: string;
  environment?: string;
  appKey?: string;
  appToken?: string;
}

/** Errors: VALIDATION_FAILED when neither the input nor the stored settings give a full connection. */
export async function checkVtexConnection(
  deps: { vtexIntegrations: VtexIntegrationStore; secrets: SecretBox; vtexChecker: VtexConnectionChecker },
  tenantId: string,
  input: ConnectionCheckInput,
): Promise<VtexConnectionReport & { accountName: string }> {
  const stored = await getVtexCredentials(deps, tenantId);
  const accountName = input.accountName !== undefined ? parseField('accountName', parseAccountName, input.accountName) : stored?.accountName;
  const connection: Partial<VtexConnection> = {
    accountName,
    environment: input.environment !== undefined ? parseField('environment', parseEnvironment, input.environment) : (stored?.environment ?? DEFAULT_ENVIRONMENT),
    appKey: input.appKey ?? stored?.appKey,
    // A new key is never paired with the stored token of another key.
    appToken: input.appToken ?? (input.appKey === undefined || input.appKey === stored?.appKey ? stored?.appToken : undefined),
  };
  for (const field of ['accountName', 'appKey', 'appToken'] as const) {
    if (!connection[field]) throw invalid(field, 'is required (nothing is stored yet to check with)');
  }
  const report = await deps.vtexChecker.check(connection as VtexConnection);
  return { accountName: connection.accountName!, ...report };
}
