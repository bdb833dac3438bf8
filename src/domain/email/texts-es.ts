// The messages in Spanish. As in Portuguese, the points name's gender is unknown, so no article or
// adjective agrees with it, and verbs agree with the member or the store, never with the points.
import { button, code, facts, paragraph } from './blocks';
import type { EmailTexts } from './texts';

const GO_TO_STORE = 'Ir a la tienda';

export const ES: EmailTexts = {
  greeting: (firstName) => (firstName === null ? '¡Hola!' : `¡Hola, ${firstName}!`),
  footer: (v) => `Este correo se envió a ${v.email} porque participas en el programa ${v.program}.`,
  unsubscribe: 'No quiero recibir más estos correos',
  messages: {
    welcome: (v) => ({
      subject: `Te damos la bienvenida al programa ${v.program}`,
      heading: `Ya formas parte del programa ${v.program}`,
      blocks: [
        paragraph(`Con cada compra en la tienda acumulas ${v.pointsPlural} para canjear por recompensas.`),
        facts(['Tu saldo actual', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    points_pending: (v) => ({
      subject: `Tu pedido ${v.orderId} sumó ${v.points}`,
      heading: `Ganaste ${v.points}`,
      blocks: [
        paragraph(`Tu pedido ${v.orderId} sumó ${v.points}, con liberación prevista para el ${v.availableOn}.`),
        facts(['Pedido', v.orderId], ['Ganaste', v.points], ['Disponibles el', v.availableOn]),
        paragraph('La liberación ocurre después del plazo para cambios y devoluciones del pedido.'),
      ],
    }),
    points_available: (v) => ({
      subject: `Liberamos ${v.points} en tu saldo`,
      heading: `Tu saldo ahora es de ${v.balance}`,
      blocks: [
        paragraph(`Liberamos ${v.points} en tu saldo. Ahora tienes ${v.balance} para canjear por recompensas.`),
        facts(['Crédito liberado', v.points], ['Saldo actual', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    reward_within_reach: (v) => ({
      subject: `Ya puedes canjear ${v.rewardName}`,
      heading: 'Una recompensa a tu alcance',
      blocks: [
        paragraph(`Tu saldo llegó a ${v.balance}: ya alcanza para ${v.rewardName}, que cuesta ${v.cost}.`),
        facts(['Recompensa', v.rewardName], ['Costo', v.cost], ['Tu saldo', v.balance]),
        paragraph('Haz el canje en la tienda.'),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    redemption_pending_approval: (v) => ({
      subject: `Recibimos tu solicitud de canje: ${v.rewardName}`,
      heading: 'Canje pendiente de aprobación',
      blocks: [
        paragraph(`Recibimos tu solicitud para canjear ${v.cost} por ${v.rewardName}. La tienda la revisará y te avisaremos por correo en cuanto se apruebe.`),
        facts(['Recompensa', v.rewardName], ['Costo', v.cost]),
        paragraph('Si el canje no se aprueba, el valor vuelve a tu saldo.'),
      ],
    }),
    redemption_approved: (v) => ({
      subject: `Tu canje fue aprobado: ${v.rewardName}`,
      heading: '¡Canje aprobado!',
      blocks: [
        paragraph(`La tienda aprobó tu canje de ${v.rewardName}. Estamos generando tu cupón: te llegará en otro correo con las instrucciones de uso.`),
      ],
    }),
    redemption_rejected: (v) => ({
      subject: `Tu canje no fue aprobado: ${v.rewardName}`,
      heading: 'Canje no aprobado',
      blocks: [
        paragraph(`La tienda no aprobó tu canje de ${v.rewardName}.`),
        v.reason === null ? null : paragraph(`Motivo indicado por la tienda: ${v.reason}`),
        facts(['Devuelto a tu saldo', v.pointsReturned]),
        paragraph(`Devolvimos ${v.pointsReturned} a tu saldo para que elijas otra recompensa.`),
      ],
    }),
    redemption_issued: (v) => ({
      subject: `Tu cupón llegó: ${v.rewardName}`,
      heading: 'Tu cupón está listo',
      blocks: [
        paragraph(`Aquí está el cupón de tu canje de ${v.rewardName}.`),
        code('Tu código de cupón', v.couponCode),
        facts(['Válido hasta', v.expiresAt]),
        v.instructions === null ? null : paragraph(v.instructions),
        paragraph(`Cómo usarlo: al finalizar la compra en la tienda, escribe el código ${v.couponCode} en el campo de cupón del carrito antes de pagar.`),
        button('Comprar en la tienda', v.storeUrl),
      ],
    }),
    points_expiring: (v) => ({
      subject: `Atención: ${v.points} por vencer el ${v.expiresOn}`,
      heading: 'Aprovecha antes del vencimiento',
      blocks: [
        paragraph(`Tienes ${v.points} con vencimiento el ${v.expiresOn}. Canjea una recompensa antes de esa fecha para aprovechar tu saldo.`),
        facts(['Por vencer', v.points], ['Vencimiento', v.expiresOn], ['Saldo actual', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    login_code: (v) => ({
      subject: `Tu código de acceso: ${v.code}`,
      heading: 'Tu código de acceso',
      blocks: [
        paragraph(`Usa este código para ver tus puntos de ${v.program} en la tienda. Vale por ${v.minutes} minutos y se usa una sola vez.`),
        code('Código', v.code),
        paragraph('Si no lo pediste, ignora este correo: nadie entra sin el código.'),
      ],
    }),
  },
};
