// The VTEX integration form as data — type, limits, default, label and help text per field in each
// language — so the admin panel builds the form from the API instead of repeating the rules.
import {
  DEFAULT_ENVIRONMENT,
  DEFAULT_IMPORT_DAYS,
  LIMITS,
  VTEX_INTEGRATION_FIELDS,
  type VtexIntegrationField,
} from './integration';
import { LANGUAGES, type Language } from './program';
import { SCORING_STATUSES } from './vtex-order-status';

type Texts = Record<Language, { label: string; help: string }>;

export interface FormField {
  name: VtexIntegrationField;
  type: 'secret' | 'string' | 'url' | 'integer' | 'boolean' | 'date' | 'enum' | 'enum-list' | 'id-list';
  /** Required on the first save; the secrets may be left out afterwards to keep the stored ones. */
  required: boolean;
  /** null where the default depends on the tenant or the moment (see help). */
  default: unknown;
  constraints: Record<string, number | string | boolean>;
  options?: string[];
  label: string;
  help: string;
}

interface FieldSpec extends Omit<FormField, 'label' | 'help'> {
  texts: Texts;
}

const SPECS: FieldSpec[] = [
  {
    name: 'appKey', type: 'secret', required: true, default: null, constraints: { maxLength: LIMITS.appKey.maxLength },
    texts: {
      'pt-BR': { label: 'AppKey', help: 'Chave de API criada no Admin VTEX (vtexappkey-…). Guardada criptografada e exibida mascarada; deixe em branco para manter a atual.' },
      en: { label: 'AppKey', help: 'API key created in the VTEX Admin (vtexappkey-…). Stored encrypted and shown masked; leave it out to keep the current one.' },
      es: { label: 'AppKey', help: 'Clave de API creada en el Admin de VTEX (vtexappkey-…). Se guarda cifrada y se muestra enmascarada; déjela vacía para mantener la actual.' },
    },
  },
  {
    name: 'appToken', type: 'secret', required: true, default: null, constraints: { maxLength: LIMITS.appToken.maxLength },
    texts: {
      'pt-BR': { label: 'AppToken', help: 'Token da chave de API, mostrado pela VTEX só uma vez. Nunca é exibido de volta; deixe em branco para manter o atual.' },
      en: { label: 'AppToken', help: 'The API key\'s token, shown by VTEX only once. It is never displayed back; leave it out to keep the current one.' },
      es: { label: 'AppToken', help: 'Token de la clave de API, que VTEX muestra una sola vez. Nunca se vuelve a mostrar; déjelo vacío para mantener el actual.' },
    },
  },
  {
    name: 'language', type: 'enum', required: false, default: null, constraints: {}, options: [...LANGUAGES],
    texts: {
      'pt-BR': { label: 'Linguagem', help: 'Idioma dos e-mails e do widget para os clientes. Por padrão, o idioma atual do programa.' },
      en: { label: 'Language', help: 'Language of the e-mails and the widget shoppers see. By default, the program\'s current language.' },
      es: { label: 'Idioma', help: 'Idioma de los correos y del widget para los clientes. Por defecto, el idioma actual del programa.' },
    },
  },
  {
    name: 'creditDelayDays', type: 'integer', required: false, default: 7, constraints: { ...LIMITS.creditDelayDays },
    texts: {
      'pt-BR': { label: 'Tempo para crédito (dias)', help: 'Dias entre o pedido atingir um status de pontuação e os pontos ficarem disponíveis (0 a 365). Até lá ficam pendentes; use o prazo de devolução da loja.' },
      en: { label: 'Time to credit (days)', help: 'Days between an order reaching a scoring status and its points becoming available (0 to 365). Until then they are pending; use the store\'s return period.' },
      es: { label: 'Tiempo para acreditar (días)', help: 'Días entre que el pedido alcanza un estado de puntuación y los puntos quedan disponibles (0 a 365). Hasta entonces quedan pendientes; use el plazo de devolución de la tienda.' },
    },
  },
  {
    name: 'storeUrl', type: 'url', required: true, default: null, constraints: { scheme: 'https', maxLength: LIMITS.url.maxLength },
    texts: {
      'pt-BR': { label: 'URL da loja', help: 'Endereço da loja, com https (ex.: https://www.minhaloja.com.br). Caminho, parâmetros e barra final são descartados.' },
      en: { label: 'Store URL', help: 'The store\'s address, with https (e.g. https://www.mystore.com). Path, query and trailing slash are dropped.' },
      es: { label: 'URL de la tienda', help: 'Dirección de la tienda, con https (ej.: https://www.mitienda.com). Se descartan ruta, parámetros y barra final.' },
    },
  },
  {
    name: 'accountName', type: 'string', required: true, default: null, constraints: { pattern: '^[a-z][a-z0-9]{1,62}$' },
    texts: {
      'pt-BR': { label: 'Nome da conta VTEX', help: 'O subdomínio em nomedaloja.myvtex.com. Pode colar o endereço do Admin; guardamos só o nome da conta.' },
      en: { label: 'VTEX account name', help: 'The subdomain in storename.myvtex.com. You may paste the Admin address; only the account name is kept.' },
      es: { label: 'Nombre de la cuenta VTEX', help: 'El subdominio en nombredelatienda.myvtex.com. Puede pegar la dirección del Admin; se guarda solo el nombre de la cuenta.' },
    },
  },
  {
    name: 'environment', type: 'string', required: false, default: DEFAULT_ENVIRONMENT, constraints: { pattern: '^[a-z][a-z0-9-]{0,62}$' },
    texts: {
      'pt-BR': { label: 'Ambiente', help: `Ambiente da API VTEX ({conta}.{ambiente}.com.br). Mantenha ${DEFAULT_ENVIRONMENT} salvo orientação da VTEX.` },
      en: { label: 'Environment', help: `VTEX API environment ({account}.{environment}.com.br). Keep ${DEFAULT_ENVIRONMENT} unless VTEX tells you otherwise.` },
      es: { label: 'Entorno', help: `Entorno de la API de VTEX ({cuenta}.{entorno}.com.br). Mantenga ${DEFAULT_ENVIRONMENT} salvo indicación de VTEX.` },
    },
  },
  {
    name: 'singleSignOn', type: 'boolean', required: false, default: false, constraints: {},
    texts: {
      'pt-BR': { label: 'Login único (SSO)', help: 'Reconhece no widget o cliente já logado na loja, sem novo login.' },
      en: { label: 'Single sign-on', help: 'The widget recognises a shopper already logged in to the store, with no second login.' },
      es: { label: 'Inicio de sesión único (SSO)', help: 'El widget reconoce al cliente ya conectado en la tienda, sin un nuevo inicio de sesión.' },
    },
  },
  {
    name: 'signupUrl', type: 'url', required: false, default: null, constraints: { scheme: 'https', maxLength: LIMITS.url.maxLength, nullable: true },
    texts: {
      'pt-BR': { label: 'URL de cadastro', help: 'Página (https) para onde vai quem ainda não participa, usada pelo widget de página inteira. Opcional.' },
      en: { label: 'Sign-up URL', help: 'Page (https) where someone not yet in the program is sent, used by the full-page widget. Optional.' },
      es: { label: 'URL de registro', help: 'Página (https) a la que se envía a quien aún no participa, usada por el widget de página completa. Opcional.' },
    },
  },
  {
    name: 'rewardSkuIds', type: 'id-list', required: false, default: [], constraints: { maxItems: LIMITS.rewardSkuIds.maxItems, maximum: LIMITS.rewardSkuIds.maxSkuId },
    texts: {
      'pt-BR': { label: 'SKUs de recompensa', help: 'IDs de SKU que podem ser resgatados como recompensa. Vazio: todo o catálogo.' },
      en: { label: 'Reward SKUs', help: 'SKU ids that can be redeemed as rewards. Empty: the whole catalog.' },
      es: { label: 'SKUs de recompensa', help: 'IDs de SKU que se pueden canjear como recompensa. Vacío: todo el catálogo.' },
    },
  },
  {
    name: 'scoringStatuses', type: 'enum-list', required: false, default: ['invoiced'], constraints: { minItems: 1 }, options: [...SCORING_STATUSES],
    texts: {
      'pt-BR': { label: 'Status que pontuam', help: 'Status do pedido na VTEX em que ele gera pontos (um ou mais). Padrão: invoiced (faturado).' },
      en: { label: 'Scoring statuses', help: 'VTEX order statuses at which an order earns points (one or more). Default: invoiced.' },
      es: { label: 'Estados que puntúan', help: 'Estados del pedido en VTEX en los que genera puntos (uno o más). Por defecto: invoiced (facturado).' },
    },
  },
  {
    name: 'couponValidityDays', type: 'integer', required: false, default: 365, constraints: { ...LIMITS.couponValidityDays },
    texts: {
      'pt-BR': { label: 'Validade do cupom (dias)', help: 'Por quantos dias o cupom de um resgate vale na loja.' },
      en: { label: 'Coupon validity (days)', help: 'How many days a redemption\'s coupon stays valid in the store.' },
      es: { label: 'Validez del cupón (días)', help: 'Cuántos días vale en la tienda el cupón de un canje.' },
    },
  },
  {
    name: 'ordersImportSince', type: 'date', required: false, default: null, constraints: { minimum: LIMITS.ordersImportSince.earliest, notAfter: 'today', nullable: true },
    texts: {
      'pt-BR': { label: 'Importar pedidos desde', help: `Data a partir da qual o histórico de pedidos é importado e pontuado. Padrão: ${DEFAULT_IMPORT_DAYS} dias antes da primeira ativação.` },
      en: { label: 'Import orders since', help: `Date from which order history is imported and scored. Default: ${DEFAULT_IMPORT_DAYS} days before the first activation.` },
      es: { label: 'Importar pedidos desde', help: `Fecha desde la que se importa y puntúa el historial de pedidos. Por defecto: ${DEFAULT_IMPORT_DAYS} días antes de la primera activación.` },
    },
  },
  {
    name: 'includeShipping', type: 'boolean', required: false, default: false, constraints: {},
    texts: {
      'pt-BR': { label: 'Pontuar o frete', help: 'Se o valor do frete conta para os pontos do pedido.' },
      en: { label: 'Score shipping', help: 'Whether the shipping cost counts towards an order\'s points.' },
      es: { label: 'Puntuar el envío', help: 'Si el costo del envío cuenta para los puntos del pedido.' },
    },
  },
  {
    name: 'active', type: 'boolean', required: false, default: false, constraints: {},
    texts: {
      'pt-BR': { label: 'Ativar integração', help: 'Enquanto desativada, nada é importado, pontuado ou enviado por e-mail.' },
      en: { label: 'Activate integration', help: 'While inactive, nothing is imported, scored or e-mailed.' },
      es: { label: 'Activar integración', help: 'Mientras esté desactivada, no se importa, puntúa ni envía nada por correo.' },
    },
  },
  {
    name: 'importCustomers', type: 'boolean', required: false, default: true, constraints: {},
    texts: {
      'pt-BR': { label: 'Importar clientes', help: 'Traz os clientes da loja (Master Data) como participantes do programa.' },
      en: { label: 'Import customers', help: 'Brings the store\'s customers (Master Data) into the program as members.' },
      es: { label: 'Importar clientes', help: 'Trae los clientes de la tienda (Master Data) al programa como participantes.' },
    },
  },
  {
    name: 'importOrders', type: 'boolean', required: false, default: true, constraints: {},
    texts: {
      'pt-BR': { label: 'Importar pedidos', help: 'Importa o histórico de pedidos desde a data escolhida e pontua os que atingiram um status de pontuação.' },
      en: { label: 'Import orders', help: 'Imports order history from the chosen date and scores the orders that reached a scoring status.' },
      es: { label: 'Importar pedidos', help: 'Importa el historial de pedidos desde la fecha elegida y puntúa los que alcanzaron un estado de puntuación.' },
    },
  },
  {
    name: 'productsAreGifts', type: 'boolean', required: false, default: false, constraints: {},
    texts: {
      'pt-BR': { label: 'Produtos como brinde', help: 'Produtos do catálogo podem ser resgatados como brinde com pontos.' },
      en: { label: 'Products as gifts', help: 'Catalog products can be redeemed as gifts with points.' },
      es: { label: 'Productos como regalo', help: 'Los productos del catálogo se pueden canjear como regalo con puntos.' },
    },
  },
  {
    name: 'importProducts', type: 'boolean', required: false, default: false, constraints: { requires: 'productsAreGifts' },
    texts: {
      'pt-BR': { label: 'Importar produtos', help: 'Importa os produtos do catálogo como recompensas. Só com "Produtos como brinde" ligado.' },
      en: { label: 'Import products', help: 'Imports catalog products as rewards. Only with "Products as gifts" on.' },
      es: { label: 'Importar productos', help: 'Importa los productos del catálogo como recompensas. Solo con "Productos como regalo" activado.' },
    },
  },
  {
    name: 'manualRedemptionApproval', type: 'boolean', required: false, default: false, constraints: {},
    texts: {
      'pt-BR': { label: 'Aprovar resgates manualmente', help: 'Cada resgate espera a aprovação de um administrador antes de o cupom ser gerado.' },
      en: { label: 'Approve redemptions manually', help: 'Each redemption waits for an administrator\'s approval before its coupon is issued.' },
      es: { label: 'Aprobar canjes manualmente', help: 'Cada canje espera la aprobación de un administrador antes de emitir el cupón.' },
    },
  },
];

// A field added to the validation without a help text fails here, at start-up, not in the panel.
for (const name of VTEX_INTEGRATION_FIELDS) {
  if (!SPECS.some((spec) => spec.name === name)) throw new Error(`integration form: no help text for ${name}`);
}

/** The form's fields, in display order, with labels and help in `language`. */
export function vtexIntegrationForm(language: Language): FormField[] {
  return SPECS.map(({ texts, ...spec }) => ({ ...spec, ...texts[language] }));
}
