// The VTEX integration form of a tenant: what each field accepts and how a pasted value is
// normalised. Validation collects every invalid field before failing, so the admin panel can mark
// them all at once; nothing here reads the clock (today's date comes in).
import { invalid, invalidFields, type FieldError } from './errors';
import { LANGUAGES, type Language } from './program';
import { NOT_SCORING, VTEX_ORDER_STATUSES, type VtexOrderStatus } from './vtex-order-status';

export const TOGGLES = ['active', 'importCustomers', 'importOrders', 'productsAreGifts', 'importProducts', 'manualRedemptionApproval'] as const;
export type Toggle = (typeof TOGGLES)[number];

export const LIMITS = {
  creditDelayDays: { minimum: 0, maximum: 365 },
  couponValidityDays: { minimum: 1, maximum: 3650 },
  rewardSkuIds: { maxItems: 1000, maxSkuId: 2_147_483_647 },
  appKey: { maxLength: 256 },
  appToken: { maxLength: 512 },
  url: { maxLength: 2000 },
  ordersImportSince: { earliest: '2000-01-01' },
} as const;

export const DEFAULT_ENVIRONMENT = 'vtexcommercestable';
/** History imported by default: this many days before the first activation. */
export const DEFAULT_IMPORT_DAYS = 90;

/** The settings as stored and shown, secrets aside. */
export interface VtexIntegrationSettings {
  language: Language;
  creditDelayDays: number;
  storeUrl: string;
  accountName: string;
  environment: string;
  singleSignOn: boolean;
  signupUrl: string | null;
  /** VTEX SKU ids as decimal strings; empty: the whole catalog. */
  rewardSkuIds: string[];
  scoringStatuses: VtexOrderStatus[];
  couponValidityDays: number;
  /** YYYY-MM-DD; null until the first activation fills in the default. */
  ordersImportSince: string | null;
  includeShipping: boolean;
  active: boolean;
  importCustomers: boolean;
  importOrders: boolean;
  productsAreGifts: boolean;
  importProducts: boolean;
  manualRedemptionApproval: boolean;
}

/** A validated PUT: the settings plus the secrets it brought (absent: keep the stored ones). */
export interface VtexIntegrationInput {
  settings: VtexIntegrationSettings;
  appKey?: string;
  appToken?: string;
}

export interface ValidationContext {
  /** Today's date in the program's time zone, YYYY-MM-DD. */
  today: string;
  /** The program's language, used when the form leaves `language` out. */
  programLanguage: Language;
  /** The stored appKey (plaintext), if any: a PUT may leave the secrets out to keep them. */
  storedAppKey: string | null;
  hasStoredAppToken: boolean;
  /** The import date already in force, kept when the form leaves it out. */
  storedOrdersImportSince: string | null;
}

const FIELDS = [
  'appKey',
  'appToken',
  'language',
  'creditDelayDays',
  'storeUrl',
  'accountName',
  'environment',
  'singleSignOn',
  'signupUrl',
  'rewardSkuIds',
  'scoringStatuses',
  'couponValidityDays',
  'ordersImportSince',
  'includeShipping',
  ...TOGGLES,
] as const;
export type VtexIntegrationField = (typeof FIELDS)[number];
export const VTEX_INTEGRATION_FIELDS: readonly VtexIntegrationField[] = FIELDS;

/** Thrown by the field parsers below; collected into one VALIDATION_FAILED. */
class FieldProblem extends Error {}
const problem = (message: string) => new FieldProblem(message);

/** One field's parser outside the whole form: its problem becomes a VALIDATION_FAILED naming the field. */
export function parseField<T>(name: VtexIntegrationField, parse: (value: unknown) => T, value: unknown): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof FieldProblem) throw invalid(name, error.message);
    throw error;
  }
}

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

function secret(value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw problem('must be a string');
  const text = value.trim();
  if (text.length === 0) throw problem('must not be empty');
  // The GET shows the appKey masked with an ellipsis; sending that back is a mistake worth naming.
  if (text.includes('…')) throw problem('is the masked value shown by GET; leave the field out to keep the stored one');
  if (!PRINTABLE_ASCII.test(text)) throw problem('must contain only printable ASCII characters without spaces');
  if (text.length > maxLength) throw problem(`must be at most ${maxLength} characters`);
  return text;
}

function wholeNumber(value: unknown, minimum: number, maximum: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    throw problem(`must be a whole number of ${unit} from ${minimum} to ${maximum}`);
  }
  return value;
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw problem('must be true or false');
  return value;
}

function httpsUrl(value: unknown): URL {
  if (typeof value !== 'string') throw problem('must be a string');
  let text = value.trim();
  if (text.length === 0) throw problem('must not be empty');
  if (text.length > LIMITS.url.maxLength) throw problem(`must be at most ${LIMITS.url.maxLength} characters`);
  // A bare domain pasted from the browser bar means the https site.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw problem('must be a URL such as https://www.minhaloja.com.br');
  }
  if (url.protocol !== 'https:') throw problem('must use https');
  if (url.username !== '' || url.password !== '') throw problem('must not contain a user name or password');
  if (!url.hostname.includes('.') || url.hostname.endsWith('.')) throw problem('must name a public domain such as www.minhaloja.com.br');
  return url;
}

/** The store's origin: scheme, host and a non-default port; path, query and fragment dropped. */
export function normaliseStoreUrl(value: unknown): string {
  return httpsUrl(value).origin;
}

function signupUrl(value: unknown): string | null {
  if (value === null) return null;
  const url = httpsUrl(value);
  return url.href;
}

// VTEX hosts an account answers on: {account}.myvtex.com, {workspace}--{account}.myvtex.com and
// {account}.{environment}.com.br (vtexcommercestable, vtexcommercebeta, …).
const VTEX_HOST = /^(?:[a-z0-9-]+--)?([^.]+)\.(?:myvtex\.com|vtex[a-z0-9-]*\.com\.br)$/;
const ACCOUNT_NAME = /^[a-z][a-z0-9]{1,62}$/;

/** The VTEX account name out of what a merchant pastes: the name itself, a VTEX host or a URL. */
export function parseAccountName(value: unknown): string {
  if (typeof value !== 'string') throw problem('must be a string');
  let text = value.trim().toLowerCase();
  if (text.length === 0) throw problem('must not be empty');
  if (text.length > 200) throw problem('must be at most 200 characters');
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  if (text.includes('.')) {
    const match = VTEX_HOST.exec(text);
    if (!match?.[1]) {
      throw problem('must be the VTEX account name (nomedaloja in nomedaloja.myvtex.com), not the store\'s own domain');
    }
    text = match[1];
  }
  if (!ACCOUNT_NAME.test(text)) throw problem('must be a VTEX account name: lowercase letters and digits, starting with a letter');
  return text;
}

export function parseEnvironment(value: unknown): string {
  if (typeof value !== 'string') throw problem('must be a string');
  const text = value.trim().toLowerCase();
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(text)) throw problem(`must be a VTEX environment such as ${DEFAULT_ENVIRONMENT}`);
  return text;
}

function language(value: unknown): Language {
  if (typeof value !== 'string' || !(LANGUAGES as readonly string[]).includes(value)) {
    throw problem(`must be one of ${LANGUAGES.join(', ')}`);
  }
  return value as Language;
}

function skuIds(value: unknown): string[] {
  if (!Array.isArray(value)) throw problem('must be a list of SKU ids');
  if (value.length > LIMITS.rewardSkuIds.maxItems) throw problem(`must have at most ${LIMITS.rewardSkuIds.maxItems} SKU ids`);
  const ids = value.map((item, index) => {
    const text = typeof item === 'number' ? (Number.isSafeInteger(item) ? String(item) : '') : typeof item === 'string' ? item.trim() : '';
    if (!/^\d{1,10}$/.test(text) || Number(text) < 1 || Number(text) > LIMITS.rewardSkuIds.maxSkuId) {
      throw problem(`item ${index + 1} must be a positive whole SKU id up to ${LIMITS.rewardSkuIds.maxSkuId}`);
    }
    return String(Number(text));
  });
  return [...new Set(ids)];
}

function statuses(value: unknown): VtexOrderStatus[] {
  if (!Array.isArray(value) || value.length === 0) throw problem('must be a list of one or more VTEX order statuses');
  const out: VtexOrderStatus[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || !(VTEX_ORDER_STATUSES as readonly string[]).includes(item)) {
      throw problem(`${JSON.stringify(item)} is not a VTEX order status (such as invoiced or payment-approved)`);
    }
    const status = item as VtexOrderStatus;
    if (NOT_SCORING.includes(status)) throw problem(`${status} undoes or abandons an order, so it cannot earn points`);
    if (!out.includes(status)) out.push(status);
  }
  return out;
}

function calendarDate(value: unknown, today: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw problem('must be a date as YYYY-MM-DD');
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw problem('must be a real calendar date');
  if (value < LIMITS.ordersImportSince.earliest) throw problem(`must not be before ${LIMITS.ordersImportSince.earliest}`);
  if (value > today) throw problem('must not be in the future');
  return value;
}

/** `date` (YYYY-MM-DD) moved by `days`, in calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Checks a whole PUT body and returns it normalised. A PUT replaces the form: a field left out
 * takes its default, except the secrets and `ordersImportSince`, which keep what is stored, and
 * `language`, which keeps the program's. Errors: VALIDATION_FAILED listing every invalid field.
 */
export function validateVtexIntegration(body: unknown, context: ValidationContext): VtexIntegrationInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidFields([{ field: 'body', message: 'must be a JSON object' }]);
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key)) errors.push({ field: key, message: 'is not a known field' });
  }
  function field<T>(name: VtexIntegrationField, parse: (value: unknown) => T, fallback: () => T): T | undefined {
    const value = input[name];
    try {
      return value === undefined ? fallback() : parse(value);
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      errors.push({ field: name, message: error.message });
      return undefined;
    }
  }
  const required = (): never => {
    throw problem('is required');
  };

  const appKey = field('appKey', (v) => secret(v, LIMITS.appKey.maxLength), () => (context.storedAppKey === null ? required() : undefined));
  const keyChanged = appKey !== undefined && appKey !== context.storedAppKey;
  // A new appKey comes with its own token; keeping the old token would pair it with the wrong key.
  const appToken = field(
    'appToken',
    (v) => secret(v, LIMITS.appToken.maxLength),
    () => {
      if (!context.hasStoredAppToken) return required();
      if (keyChanged && context.storedAppKey !== null) throw problem('is required when appKey changes');
      return undefined;
    },
  );
  const toggles = {} as Record<Toggle, boolean | undefined>;
  const toggleDefaults: Record<Toggle, boolean> = {
    active: false,
    importCustomers: true,
    importOrders: true,
    productsAreGifts: false,
    importProducts: false,
    manualRedemptionApproval: false,
  };
  for (const toggle of TOGGLES) toggles[toggle] = field(toggle, bool, () => toggleDefaults[toggle]);
  if (toggles.importProducts === true && toggles.productsAreGifts === false) {
    errors.push({ field: 'importProducts', message: 'can only be true when productsAreGifts is true' });
  }
  const settings = {
    language: field('language', language, () => context.programLanguage),
    creditDelayDays: field('creditDelayDays', (v) => wholeNumber(v, LIMITS.creditDelayDays.minimum, LIMITS.creditDelayDays.maximum, 'days'), () => 7),
    storeUrl: field('storeUrl', normaliseStoreUrl, required),
    accountName: field('accountName', parseAccountName, required),
    environment: field('environment', parseEnvironment, () => DEFAULT_ENVIRONMENT),
    singleSignOn: field('singleSignOn', bool, () => false),
    signupUrl: field('signupUrl', signupUrl, () => null),
    rewardSkuIds: field('rewardSkuIds', skuIds, () => []),
    scoringStatuses: field('scoringStatuses', statuses, (): VtexOrderStatus[] => ['invoiced']),
    couponValidityDays: field(
      'couponValidityDays',
      (v) => wholeNumber(v, LIMITS.couponValidityDays.minimum, LIMITS.couponValidityDays.maximum, 'days'),
      () => 365,
    ),
    // null and absent both mean "the date in force, or the default at the first activation".
    ordersImportSince: field(
      'ordersImportSince',
      (v) => (v === null ? context.storedOrdersImportSince : calendarDate(v, context.today)),
      () => context.storedOrdersImportSince,
    ),
    includeShipping: field('includeShipping', bool, () => false),
    ...toggles,
  };
  if (errors.length > 0) throw invalidFields(errors);
  return {
    settings: settings as VtexIntegrationSettings,
    ...(appKey !== undefined ? { appKey } : {}),
    ...(appToken !== undefined ? { appToken } : {}),
  };
}

/**
 * Activation bookkeeping: the first time `active` is saved as true, the moment is recorded and an
 * unset `ordersImportSince` becomes that day minus DEFAULT_IMPORT_DAYS. Later saves keep both.
 */
export function applyActivation(
  settings: VtexIntegrationSettings,
  firstActivatedAt: Date | null,
  now: { at: Date; today: string },
): { settings: VtexIntegrationSettings; firstActivatedAt: Date | null } {
  if (!settings.active || firstActivatedAt !== null) return { settings, firstActivatedAt };
  return {
    settings: { ...settings, ordersImportSince: settings.ordersImportSince ?? addDays(now.today, -DEFAULT_IMPORT_DAYS) },
    firstActivatedAt: now.at,
  };
}

/** How the API shows an appKey: a recognisable start and the last characters, never the whole. */
export function maskAppKey(appKey: string): string {
  const prefix = /^vtexappkey-/i.test(appKey) ? appKey.slice(0, 'vtexappkey-'.length + 3) : appKey.slice(0, 4);
  const tail = appKey.length >= 12 ? appKey.slice(-2) : '';
  if (appKey.length <= prefix.length + tail.length + 4) return `${appKey.slice(0, 2)}…`;
  return `${prefix}…${tail}`;
}

/** The program's local date for `at`, YYYY-MM-DD, for date defaults and limits. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
