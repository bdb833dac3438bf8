// "Test connection": each capability VTEX granted the key (ok), refused (the License Manager
// resource to add), or the keys VTEX did not accept.
import { Alert, StatusBadge, type Tone } from '../../components';
import { formatNumber, t, type MessageKey } from '../../i18n';
import type { CapabilityStatus, ConnectionCheck } from './integration-form';

const CAPABILITIES = ['customers', 'orders', 'orderHook', 'catalog', 'promotions', 'coupons'] as const;

const TONE: Record<CapabilityStatus['status'], Tone> = { ok: 'ok', forbidden: 'warning', unauthorized: 'error', unreachable: 'error', error: 'error' };

function explanation(capability: CapabilityStatus): string | null {
  switch (capability.status) {
    case 'ok':
      return null;
    case 'forbidden':
      return capability.resource ? t('integration.forbiddenHelp', { resource: capability.resource }) : t('integration.forbiddenNoResource');
    case 'unauthorized':
      return t('integration.unauthorizedHelp');
    case 'unreachable':
      return t('integration.unreachableHelp');
    default:
      return capability.message ?? null;
  }
}

export function ConnectionResult({ result }: { result: ConnectionCheck }) {
  const names = [...CAPABILITIES, ...Object.keys(result.capabilities).filter((name) => !(CAPABILITIES as readonly string[]).includes(name))];
  const present = names.filter((name) => result.capabilities[name]);
  const allOk = present.every((name) => result.capabilities[name]?.status === 'ok');
  return (
    <div class="connection-result stack" data-testid="connection-result" data-all-ok={allOk ? 'true' : 'false'}>
      <Alert tone={allOk ? 'success' : 'warning'} title={t('integration.testResult', { account: result.accountName })}>
        {allOk ? t('integration.testAllOk') : t('integration.testProblems')}
        {result.customerCount !== null ? <div>{t('integration.customerCount', { n: formatNumber(result.customerCount) })}</div> : null}
        {result.orderCount !== null ? <div>{t('integration.orderCount', { n: formatNumber(result.orderCount) })}</div> : null}
      </Alert>
      <ul class="capability-list">
        {present.map((name) => {
          const capability = result.capabilities[name] as CapabilityStatus;
          const label = (CAPABILITIES as readonly string[]).includes(name) ? t(`integration.capability.${name}` as MessageKey) : name;
          const why = explanation(capability);
          return (
            <li key={name} class="capability" data-testid={`capability-${name}`} data-status={capability.status}>
              <div class="row-between">
                <strong>{label}</strong>
                <StatusBadge tone={TONE[capability.status] ?? 'error'}>{t(`integration.status.${capability.status}` as MessageKey)}</StatusBadge>
              </div>
              {why ? (
                <p class="capability-help" data-testid={`capability-${name}-help`}>
                  {why}
                </p>
              ) : null}
              {capability.status === 'forbidden' && capability.resource ? (
                <code class="capability-resource" data-testid={`capability-${name}-resource`}>
                  {capability.resource}
                </code>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
