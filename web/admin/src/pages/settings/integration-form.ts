// The VTEX integration form's data: the fields the API describes (GET /integrations/vtex/form),
// the values being edited, the client-side checks that mirror the server's (src/domain/integration.ts,
// driven by each field's constraints) and the PUT body.
import { formatDate, t } from '../../i18n';

export interface FormField {
  name: string;
  type: 'secret' | 'string' | 'url' | 'integer' | 'boolean' | 'date' | 'enum' | 'enum-list' | 'id-list' | string;
  required: boolean;
  default: unknown;
  constraints: Record<string, number | string | boolean>;
  options?: string[];
  label: string;
  help: string;
}

export interface IntegrationForm {
  language: string;
  fields: FormField[];
}

/** GET /integrations/vtex: the stored settings (appKey masked, appToken never shown). */
export interface IntegrationSettings {
  appKey: string;
  appTokenSet: boolean;
  active: boolean;
  ordersImportSince: string | null;
  importCustomers: boolean;
  importOrders: boolean;
  firstActivatedAt: string | null;
  accountName: string;
  [field: string]: unknown;
}

export interface CapabilityStatus {
  status: 'ok' | 'forbidden' | 'unauthorized' | 'unreachable' | 'error';
  resource?: string | null;
  message?: string;
}

export interface ConnectionCheck {
  accountName: string;
  capabilities: Record<string, CapabilityStatus>;
  customerCount: number | null;
  orderCount: number | null;
}

export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

/** Which box each field sits in; a field the panel does not know yet goes to "other". */
export const GROUPS = {
  connection: ['accountName', 'appKey', 'appToken', 'environment', 'storeUrl'],
  points: ['language', 'scoringStatuses', 'creditDelayDays', 'includeShipping', 'ordersImportSince', 'couponValidityDays'],
  storefront: ['singleSignOn', 'signupUrl'],
  rewards: ['productsAreGifts', 'importProducts', 'rewardSkuIds', 'manualRedemptionApproval'],
  activation: ['active', 'importCustomers', 'importOrders'],
} as const;
export type GroupName = keyof typeof GROUPS | 'other';

export function groupOf(name: string): GroupName {
  for (const [group, names] of Object.entries(GROUPS)) if ((names as readonly string[]).includes(name)) return group as GroupName;
  return 'other';
}

export const splitIds = (text: string) => text.split(/[\s,;]+/).map((part) => part.trim()).filter(Boolean);

/** The values to edit: the stored settings, else each field's default. Secrets start blank. */
export function initialValues(fields: FormField[], settings: IntegrationSettings | null): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const stored = settings?.[field.name];
    const value = stored !== undefined ? stored : field.default;
    switch (field.type) {
      case 'secret':
        values[field.name] = '';
        break;
      case 'boolean':
        values[field.name] = value === true;
        break;
      case 'enum-list':
        values[field.name] = Array.isArray(value) ? value.map(String) : [];
        break;
      case 'id-list':
        values[field.name] = Array.isArray(value) ? value.map(String).join(', ') : '';
        break;
      default:
        values[field.name] = value === null || value === undefined ? '' : String(value);
    }
  }
  return values;
}

/** Today in the browser's time zone, YYYY-MM-DD. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const VTEX_HOST = /^(?:[a-z0-9-]+--)?([^.]+)\.(?:myvtex\.com|vtex[a-z0-9-]*\.com\.br)$/;

/** The account name out of a name, a VTEX host or a pasted URL, as the server reads it; null if none. */
export function accountNameOf(value: string): string | null {
  let text = value.trim().toLowerCase();
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  if (text.includes('.')) text = VTEX_HOST.exec(text)?.[1] ?? '';
  return /^[a-z][a-z0-9]{1,62}$/.test(text) ? text : null;
}

function urlProblem(value: string): string | null {
  let text = value.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return t('integration.error.https');
  }
  if (url.protocol !== 'https:') return t('integration.error.https');
  if (url.username || url.password || !url.hostname.includes('.') || url.hostname.endsWith('.')) return t('integration.error.domain');
  return null;
}

const number = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : null);

/** One field's problem, or null. `stored`: the saved settings, for secrets that may be left blank. */
export function fieldProblem(field: FormField, values: FormValues, settings: IntegrationSettings | null, fields: FormField[]): string | null {
  const value = values[field.name];
  const c = field.constraints;
  if (field.type === 'boolean') {
    const requires = typeof c.requires === 'string' ? c.requires : null;
    if (value === true && requires && values[requires] !== true) {
      const other = fields.find((f) => f.name === requires)?.label ?? requires;
      return t('integration.error.requires', { other });
    }
    return null;
  }
  if (field.type === 'enum-list') {
    const list = Array.isArray(value) ? value : [];
    const min = number(c.minItems);
    if (min !== null && list.length < min) return t('integration.error.minItems', { min });
    return null;
  }
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') {
    if (field.type === 'secret') {
      const stored = field.name === 'appToken' ? settings?.appTokenSet === true : Boolean(settings?.appKey);
      // A new appKey needs its own token.
      const keyChanged = field.name === 'appToken' && typeof values.appKey === 'string' && values.appKey.trim() !== '';
      return field.required && (!stored || keyChanged) ? t('validation.required') : null;
    }
    return field.required ? t('validation.required') : null;
  }
  const maxLength = number(c.maxLength);
  if (maxLength !== null && text.length > maxLength) return t('validation.maxLength', { max: maxLength });
  switch (field.type) {
    case 'secret':
      if (text.includes('…')) return t('integration.error.masked');
      return /^[\x21-\x7e]+$/.test(text) ? null : t('integration.error.ascii');
    case 'url':
      return urlProblem(text);
    case 'integer': {
      if (!/^-?\d+$/.test(text)) return t('validation.integer');
      const min = number(c.minimum);
      const max = number(c.maximum);
      if (min !== null && Number(text) < min) return t('validation.min', { min });
      if (max !== null && Number(text) > max) return t('validation.max', { max });
      return null;
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return t('validation.pattern');
      if (typeof c.minimum === 'string' && text < c.minimum) return t('integration.error.before', { date: formatDate(c.minimum) });
      if (c.notAfter === 'today' && text > today()) return t('integration.error.future');
      return null;
    }
    case 'id-list': {
      const ids = splitIds(text);
      const maxItems = number(c.maxItems);
      const maximum = number(c.maximum) ?? Number.MAX_SAFE_INTEGER;
      if (maxItems !== null && ids.length > maxItems) return t('integration.error.maxItems', { max: maxItems });
      const bad = ids.find((id) => !/^\d{1,10}$/.test(id) || Number(id) < 1 || Number(id) > maximum);
      return bad === undefined ? null : t('integration.error.sku', { value: bad, max: maximum });
    }
    case 'string':
      if (field.name === 'accountName') {
        if (accountNameOf(text)) return null;
        return text.includes('.') ? t('integration.error.accountDomain') : t('integration.error.accountPattern');
      }
      if (typeof c.pattern === 'string' && !new RegExp(c.pattern).test(text.toLowerCase())) {
        return field.name === 'environment' ? t('integration.error.environment') : t('validation.pattern');
      }
      return null;
    default:
      return null;
  }
}

export function validateIntegration(fields: FormField[], values: FormValues, settings: IntegrationSettings | null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const problem = fieldProblem(field, values, settings, fields);
    if (problem) errors[field.name] = problem;
  }
  return errors;
}

/** The PUT body: blank secrets left out (kept), blank optional values as their "unset". */
export function toBody(fields: FormField[], values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    const text = typeof value === 'string' ? value.trim() : '';
    switch (field.type) {
      case 'boolean':
        body[field.name] = value === true;
        break;
      case 'enum-list':
        body[field.name] = Array.isArray(value) ? value : [];
        break;
      case 'id-list':
        body[field.name] = splitIds(text);
        break;
      case 'integer':
        if (text !== '') body[field.name] = Number(text);
        break;
      case 'date':
        body[field.name] = text === '' ? null : text;
        break;
      case 'url':
        if (text !== '' || field.required) body[field.name] = text;
        else if (field.constraints.nullable === true) body[field.name] = null;
        break;
      default:
        // Secrets, enums and strings left blank keep the stored value or take the default.
        if (text !== '' || field.required) {
          if (field.type !== 'secret' || text !== '') body[field.name] = text;
        }
    }
  }
  return body;
}
