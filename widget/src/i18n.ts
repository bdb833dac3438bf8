// The widget's words in the program's language (pt-BR, en, es), and numbers, money and dates
// formatted with Intl in that language. Texts hold {placeholders}; a test checks that every
// language has every text with the same placeholders as pt-BR.

export type Language = 'pt-BR' | 'en' | 'es';
export const LANGUAGES: readonly Language[] = ['pt-BR', 'en', 'es'];

const PT_BR = {
  loading: 'Carregando…',
  unavailable: 'O programa de pontos não está disponível agora.',
  retry: 'Tentar de novo',
  close: 'Fechar',
  greeting: 'Olá, {name}!',
  balanceTitle: 'Seu saldo',
  available: 'Disponível',
  held: '{points} reservados em resgates',
  pendingTitle: 'A liberar',
  pendingItem: '{points} em {date}',
  nextExpiry: '{points} expiram em {date}',
  rewardsTitle: 'Recompensas',
  noRewards: 'Nenhuma recompensa disponível no momento.',
  cost: 'Custa {points}',
  redeem: 'Resgatar',
  redeemLabel: 'Resgatar {reward}',
  missing: 'Faltam {points}',
  rewardUnavailable: 'Indisponível no momento',
  confirmText: 'Trocar {points} por {reward}?',
  confirm: 'Confirmar resgate',
  cancel: 'Cancelar',
  redeeming: 'Resgatando…',
  redeemedTitle: 'Resgate feito!',
  pendingApproval: 'Seu resgate aguarda a aprovação da loja. O cupom aparecerá em "Meus cupons".',
  issuing: 'Seu cupom está sendo gerado e aparecerá em "Meus cupons" em instantes.',
  done: 'Concluir',
  couponCode: 'Código do cupom',
  copy: 'Copiar código',
  copied: 'Código {code} copiado.',
  copyFailed: 'Não foi possível copiar. Selecione o código e copie manualmente.',
  validUntil: 'Válido até {date}',
  couponsTitle: 'Meus cupons',
  noCoupons: 'Você ainda não tem cupons.',
  historyTitle: 'Extrato',
  noHistory: 'Nenhuma movimentação ainda.',
  moreHistory: 'Ver mais',
  order: 'Pedido {order}',
  earnTitle: 'Como ganhar pontos',
  earnRate: 'Ganhe {points} a cada {money} em compras.',
  creditDelay: 'Os pontos ficam disponíveis {days} depois da compra.',
  creditImmediate: 'Os pontos ficam disponíveis assim que a compra é confirmada.',
  day: 'dia',
  days: 'dias',
  rulesTitle: 'Regulamento',
  pitchTitle: 'Participe do {program}',
  pitchText: 'Junte pontos nas suas compras e troque por recompensas.',
  join: 'Quero participar',
  signIn: 'Entrar para ver meus pontos',
  codeTitle: 'Entrar com código por e-mail',
  codeIntro: 'Já participa? Receba no seu e-mail um código para entrar.',
  codeEmail: 'E-mail',
  codeSend: 'Enviar código',
  codeSending: 'Enviando…',
  codeSent: 'Se {email} for o e-mail de um membro, enviamos para ele um código de 6 dígitos, válido por 10 minutos.',
  codeLabel: 'Código de 6 dígitos',
  codeVerify: 'Entrar',
  codeVerifying: 'Entrando…',
  codeResend: 'Enviar de novo',
  codeResendWait: 'Você pode pedir outro código 30 segundos depois do último.',
  codeResent: 'Pedimos um novo código para {email}.',
  codeChangeEmail: 'Usar outro e-mail',
  codeEmailInvalid: 'Confira o e-mail: ele não parece um endereço válido.',
  codeWrong: 'O código está errado ou expirou. Confira ou peça outro.',
  notMember: 'Ainda não participa?',
  loadFailed: 'Não foi possível carregar seus dados.',
  kind_earn: 'Pontos da compra',
  kind_mature: 'Pontos liberados',
  kind_reverse: 'Compra cancelada',
  'kind_redeem-hold': 'Resgate',
  'kind_redeem-confirm': 'Resgate confirmado',
  'kind_redeem-release': 'Resgate desfeito',
  'kind_redeem-refund': 'Pontos devolvidos',
  kind_adjust: 'Ajuste',
  kind_expire: 'Pontos expirados',
  kind_other: 'Movimentação',
  status_issued: 'Disponível',
  status_used: 'Usado',
  status_expired: 'Expirado',
  status_cancelled: 'Cancelado',
  status_pending_approval: 'Aguardando aprovação',
  status_issuing: 'Sendo gerado',
  status_rejected: 'Recusado',
  status_failed: 'Não emitido',
  error_INSUFFICIENT_POINTS: 'Você não tem pontos suficientes para esta recompensa.',
  error_OUT_OF_STOCK: 'Esta recompensa esgotou.',
  error_LIMIT_REACHED: 'Você já atingiu o limite de resgates desta recompensa.',
  error_REWARD_UNAVAILABLE: 'Esta recompensa não está disponível agora.',
  error_RATE_LIMITED: 'Muitas tentativas. Aguarde um instante e tente de novo.',
  error_NETWORK: 'Sem conexão com o programa de pontos. Tente de novo.',
  error_UNAUTHORIZED: 'Sua sessão terminou. Entre de novo na loja.',
  error_other: 'Algo deu errado. Tente de novo.',
};

export type TextKey = keyof typeof PT_BR;
export type Texts = Record<TextKey, string>;

const EN: Texts = {
  loading: 'Loading…',
  unavailable: 'The points program is not available right now.',
  retry: 'Try again',
  close: 'Close',
  greeting: 'Hi, {name}!',
  balanceTitle: 'Your balance',
  available: 'Available',
  held: '{points} held for redemptions',
  pendingTitle: 'On the way',
  pendingItem: '{points} on {date}',
  nextExpiry: '{points} expire on {date}',
  rewardsTitle: 'Rewards',
  noRewards: 'No rewards available right now.',
  cost: 'Costs {points}',
  redeem: 'Redeem',
  redeemLabel: 'Redeem {reward}',
  missing: '{points} to go',
  rewardUnavailable: 'Unavailable right now',
  confirmText: 'Exchange {points} for {reward}?',
  confirm: 'Confirm redemption',
  cancel: 'Cancel',
  redeeming: 'Redeeming…',
  redeemedTitle: 'Redeemed!',
  pendingApproval: 'Your redemption awaits the store\'s approval. The coupon will show up in "My coupons".',
  issuing: 'Your coupon is being issued and will show up in "My coupons" in a moment.',
  done: 'Done',
  couponCode: 'Coupon code',
  copy: 'Copy code',
  copied: 'Code {code} copied.',
  copyFailed: 'Could not copy. Select the code and copy it by hand.',
  validUntil: 'Valid until {date}',
  couponsTitle: 'My coupons',
  noCoupons: 'You have no coupons yet.',
  historyTitle: 'History',
  noHistory: 'Nothing here yet.',
  moreHistory: 'Show more',
  order: 'Order {order}',
  earnTitle: 'How to earn points',
  earnRate: 'Earn {points} for every {money} you spend.',
  creditDelay: 'Points become available {days} after your purchase.',
  creditImmediate: 'Points become available as soon as your purchase is confirmed.',
  day: 'day',
  days: 'days',
  rulesTitle: 'Program rules',
  pitchTitle: 'Join {program}',
  pitchText: 'Collect points on your purchases and exchange them for rewards.',
  join: 'Join now',
  signIn: 'Sign in to see my points',
  codeTitle: 'Sign in with an e-mailed code',
  codeIntro: 'Already a member? Get a code by e-mail to sign in.',
  codeEmail: 'E-mail',
  codeSend: 'Send code',
  codeSending: 'Sending…',
  codeSent: 'If {email} belongs to a member, we have sent it a 6-digit code, valid for 10 minutes.',
  codeLabel: '6-digit code',
  codeVerify: 'Sign in',
  codeVerifying: 'Signing in…',
  codeResend: 'Send again',
  codeResendWait: 'You can ask for another code 30 seconds after the last one.',
  codeResent: 'A new code was requested for {email}.',
  codeChangeEmail: 'Use another e-mail',
  codeEmailInvalid: 'Check the e-mail: it does not look like a valid address.',
  codeWrong: 'The code is wrong or expired. Check it or ask for another one.',
  notMember: 'Not a member yet?',
  loadFailed: 'Could not load your account.',
  kind_earn: 'Points from a purchase',
  kind_mature: 'Points released',
  kind_reverse: 'Purchase cancelled',
  'kind_redeem-hold': 'Redemption',
  'kind_redeem-confirm': 'Redemption confirmed',
  'kind_redeem-release': 'Redemption undone',
  'kind_redeem-refund': 'Points returned',
  kind_adjust: 'Adjustment',
  kind_expire: 'Points expired',
  kind_other: 'Movement',
  status_issued: 'Ready to use',
  status_used: 'Used',
  status_expired: 'Expired',
  status_cancelled: 'Cancelled',
  status_pending_approval: 'Awaiting approval',
  status_issuing: 'Being issued',
  status_rejected: 'Declined',
  status_failed: 'Not issued',
  error_INSUFFICIENT_POINTS: 'You do not have enough points for this reward.',
  error_OUT_OF_STOCK: 'This reward is out of stock.',
  error_LIMIT_REACHED: 'You have reached the limit of redemptions for this reward.',
  error_REWARD_UNAVAILABLE: 'This reward is not available right now.',
  error_RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  error_NETWORK: 'No connection to the points program. Try again.',
  error_UNAUTHORIZED: 'Your session ended. Sign in to the store again.',
  error_other: 'Something went wrong. Try again.',
};

const ES: Texts = {
  loading: 'Cargando…',
  unavailable: 'El programa de puntos no está disponible ahora.',
  retry: 'Intentar de nuevo',
  close: 'Cerrar',
  greeting: '¡Hola, {name}!',
  balanceTitle: 'Tu saldo',
  available: 'Disponible',
  held: '{points} reservados en canjes',
  pendingTitle: 'Por liberar',
  pendingItem: '{points} el {date}',
  nextExpiry: '{points} vencen el {date}',
  rewardsTitle: 'Recompensas',
  noRewards: 'No hay recompensas disponibles en este momento.',
  cost: 'Cuesta {points}',
  redeem: 'Canjear',
  redeemLabel: 'Canjear {reward}',
  missing: 'Faltan {points}',
  rewardUnavailable: 'No disponible por ahora',
  confirmText: '¿Cambiar {points} por {reward}?',
  confirm: 'Confirmar canje',
  cancel: 'Cancelar',
  redeeming: 'Canjeando…',
  redeemedTitle: '¡Canje realizado!',
  pendingApproval: 'Tu canje espera la aprobación de la tienda. El cupón aparecerá en "Mis cupones".',
  issuing: 'Tu cupón se está generando y aparecerá en "Mis cupones" en unos instantes.',
  done: 'Listo',
  couponCode: 'Código del cupón',
  copy: 'Copiar código',
  copied: 'Código {code} copiado.',
  copyFailed: 'No se pudo copiar. Selecciona el código y cópialo a mano.',
  validUntil: 'Válido hasta el {date}',
  couponsTitle: 'Mis cupones',
  noCoupons: 'Todavía no tienes cupones.',
  historyTitle: 'Movimientos',
  noHistory: 'Aún no hay movimientos.',
  moreHistory: 'Ver más',
  order: 'Pedido {order}',
  earnTitle: 'Cómo ganar puntos',
  earnRate: 'Gana {points} por cada {money} en compras.',
  creditDelay: 'Los puntos quedan disponibles {days} después de la compra.',
  creditImmediate: 'Los puntos quedan disponibles en cuanto se confirma la compra.',
  day: 'día',
  days: 'días',
  rulesTitle: 'Reglamento',
  pitchTitle: 'Únete a {program}',
  pitchText: 'Acumula puntos con tus compras y cámbialos por recompensas.',
  join: 'Quiero participar',
  signIn: 'Ingresar para ver mis puntos',
  codeTitle: 'Entrar con un código por correo',
  codeIntro: '¿Ya participas? Recibe en tu correo un código para entrar.',
  codeEmail: 'Correo electrónico',
  codeSend: 'Enviar código',
  codeSending: 'Enviando…',
  codeSent: 'Si {email} es el correo de un miembro, le enviamos un código de 6 dígitos, válido por 10 minutos.',
  codeLabel: 'Código de 6 dígitos',
  codeVerify: 'Entrar',
  codeVerifying: 'Entrando…',
  codeResend: 'Enviar de nuevo',
  codeResendWait: 'Puedes pedir otro código 30 segundos después del último.',
  codeResent: 'Pedimos un código nuevo para {email}.',
  codeChangeEmail: 'Usar otro correo',
  codeEmailInvalid: 'Revisa el correo: no parece una dirección válida.',
  codeWrong: 'El código es incorrecto o venció. Revísalo o pide otro.',
  notMember: '¿Todavía no participas?',
  loadFailed: 'No se pudieron cargar tus datos.',
  kind_earn: 'Puntos de una compra',
  kind_mature: 'Puntos liberados',
  kind_reverse: 'Compra cancelada',
  'kind_redeem-hold': 'Canje',
  'kind_redeem-confirm': 'Canje confirmado',
  'kind_redeem-release': 'Canje deshecho',
  'kind_redeem-refund': 'Puntos devueltos',
  kind_adjust: 'Ajuste',
  kind_expire: 'Puntos vencidos',
  kind_other: 'Movimiento',
  status_issued: 'Disponible',
  status_used: 'Usado',
  status_expired: 'Vencido',
  status_cancelled: 'Cancelado',
  status_pending_approval: 'Esperando aprobación',
  status_issuing: 'Generándose',
  status_rejected: 'Rechazado',
  status_failed: 'No emitido',
  error_INSUFFICIENT_POINTS: 'No tienes puntos suficientes para esta recompensa.',
  error_OUT_OF_STOCK: 'Esta recompensa está agotada.',
  error_LIMIT_REACHED: 'Ya alcanzaste el límite de canjes de esta recompensa.',
  error_REWARD_UNAVAILABLE: 'Esta recompensa no está disponible ahora.',
  error_RATE_LIMITED: 'Demasiados intentos. Espera un momento e inténtalo de nuevo.',
  error_NETWORK: 'Sin conexión con el programa de puntos. Inténtalo de nuevo.',
  error_UNAUTHORIZED: 'Tu sesión terminó. Vuelve a ingresar en la tienda.',
  error_other: 'Algo salió mal. Inténtalo de nuevo.',
};

export const TEXTS: Record<Language, Texts> = { 'pt-BR': PT_BR, en: EN, es: ES };

const LOCALES: Record<Language, string> = { 'pt-BR': 'pt-BR', en: 'en-US', es: 'es-ES' };

/** The program's language; an unknown one (or a regional variant) falls back sensibly. */
export function languageOf(value: string | null | undefined): Language {
  const lower = (value ?? '').toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower.startsWith('es')) return 'es';
  return 'pt-BR';
}

export function fill(text: string, values: Record<string, string> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

export interface PointsNames {
  pointsNameSingular: string;
  pointsNamePlural: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Texts and formats for one language; `timeZone` only for tests (the shopper's zone otherwise). */
export function localeFor(language: Language, names: PointsNames, options: { timeZone?: string } = {}) {
  const locale = LOCALES[language];
  const texts = TEXTS[language];
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const dateOptions: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
  const dates = new Intl.DateTimeFormat(locale, { ...dateOptions, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
  // A calendar date ("2025-03-12") is that day everywhere: read and shown in UTC, never shifted.
  const calendarDates = new Intl.DateTimeFormat(locale, { ...dateOptions, timeZone: 'UTC' });
  const unit = (points: number) => (Math.abs(points) === 1 ? names.pointsNameSingular : names.pointsNamePlural);

  return {
    language,
    t: (key: TextKey, values?: Record<string, string>) => fill(texts[key], values),
    /** "1.250 pontos" */
    points: (points: number) => `${numbers.format(points)} ${unit(points)}`,
    /** "+120 pontos", "−50 pontos" */
    signedPoints: (points: number) => `${signed.format(points)} ${unit(points)}`,
    number: (value: number) => numbers.format(value),
    /** The program earns per R$ 1 (docs: points per R$ 1): "R$ 1" in the language's format. */
    currencyUnit: () => new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(1),
    /** An ISO date or date-time; '' when unreadable. */
    date: (iso: string) => {
      if (DATE_ONLY.test(iso)) return calendarDates.format(new Date(`${iso}T00:00:00Z`));
      const time = Date.parse(iso);
      return Number.isNaN(time) ? '' : dates.format(new Date(time));
    },
    days: (count: number) => `${numbers.format(count)} ${count === 1 ? texts.day : texts.days}`,
    /** The text for an API error code, or the generic one. */
    error: (code: string) => {
      const key = `error_${code}`;
      return key in texts ? texts[key as TextKey] : texts.error_other;
    },
    historyKind: (kind: string) => {
      const key = `kind_${kind}`;
      return key in texts ? texts[key as TextKey] : texts.kind_other;
    },
    couponStatus: (status: string) => {
      const key = `status_${status}`;
      return key in texts ? texts[key as TextKey] : status;
    },
  };
}

export type Locale = ReturnType<typeof localeFor>;

/** `order:{vtexOrderId}` references name the store's order; others say nothing to a shopper. */
export function orderOf(reference: string | null): string | null {
  const match = /^order:(.+)$/.exec(reference ?? '');
  return match?.[1] ?? null;
}
