// The messages in Brazilian Portuguese. The points name is the program's own and its gender is
// unknown ("pontos", "estrelas"), so no article or adjective agrees with it.
import { button, code, facts, paragraph } from './blocks';
import type { EmailTexts } from './texts';

const GO_TO_STORE = 'Ir para a loja';

export const PT_BR: EmailTexts = {
  greeting: (firstName) => (firstName === null ? 'Olá!' : `Olá, ${firstName}!`),
  footer: (v) => `Este e-mail foi enviado para ${v.email} porque você participa do programa ${v.program}.`,
  unsubscribe: 'Não quero mais receber estes e-mails',
  messages: {
    welcome: (v) => ({
      subject: `Boas-vindas ao programa ${v.program}`,
      heading: `Você agora faz parte do programa ${v.program}`,
      blocks: [
        paragraph(`A cada compra na loja você acumula ${v.pointsPlural} para trocar por recompensas.`),
        facts(['Seu saldo atual', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    points_pending: (v) => ({
      subject: `Seu pedido ${v.orderId} rendeu ${v.points}`,
      heading: `Você ganhou ${v.points}`,
      blocks: [
        paragraph(`Seu pedido ${v.orderId} rendeu ${v.points}, com liberação em ${v.availableOn}.`),
        facts(['Pedido', v.orderId], ['Você ganhou', v.points], ['Disponíveis em', v.availableOn]),
        paragraph('A liberação acontece depois do prazo para trocas e devoluções do pedido.'),
      ],
    }),
    points_available: (v) => ({
      subject: `Liberamos ${v.points} no seu saldo`,
      heading: `Seu saldo agora é de ${v.balance}`,
      blocks: [
        paragraph(`Liberamos ${v.points} no seu saldo. Agora você tem ${v.balance} para trocar por recompensas.`),
        facts(['Crédito liberado', v.points], ['Saldo atual', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    reward_within_reach: (v) => ({
      subject: `Você já pode trocar por ${v.rewardName}`,
      heading: 'Uma recompensa ao seu alcance',
      blocks: [
        paragraph(`Seu saldo chegou a ${v.balance}, o suficiente para trocar por ${v.rewardName}, que custa ${v.cost}.`),
        facts(['Recompensa', v.rewardName], ['Custo', v.cost], ['Seu saldo', v.balance]),
        paragraph('Faça a troca na loja.'),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    redemption_pending_approval: (v) => ({
      subject: `Recebemos seu pedido de troca: ${v.rewardName}`,
      heading: 'Troca aguardando aprovação',
      blocks: [
        paragraph(`Recebemos seu pedido para trocar ${v.cost} por ${v.rewardName}. A loja vai analisar o pedido, e você recebe um e-mail assim que ele for aprovado.`),
        facts(['Recompensa', v.rewardName], ['Custo', v.cost]),
        paragraph('Se a troca não for aprovada, o valor volta para o seu saldo.'),
      ],
    }),
    redemption_approved: (v) => ({
      subject: `Sua troca foi aprovada: ${v.rewardName}`,
      heading: 'Troca aprovada!',
      blocks: [
        paragraph(`A loja aprovou sua troca por ${v.rewardName}. Estamos gerando o seu cupom: ele chega em outro e-mail, com as instruções de uso.`),
      ],
    }),
    redemption_rejected: (v) => ({
      subject: `Sua troca não foi aprovada: ${v.rewardName}`,
      heading: 'Troca não aprovada',
      blocks: [
        paragraph(`A loja não aprovou sua troca por ${v.rewardName}.`),
        v.reason === null ? null : paragraph(`Motivo informado pela loja: ${v.reason}`),
        facts(['Devolvido ao seu saldo', v.pointsReturned]),
        paragraph(`Devolvemos ${v.pointsReturned} ao seu saldo, para você trocar por outra recompensa.`),
      ],
    }),
    redemption_issued: (v) => ({
      subject: `Seu cupom chegou: ${v.rewardName}`,
      heading: 'Seu cupom está pronto',
      blocks: [
        paragraph(`Aqui está o cupom da sua troca por ${v.rewardName}.`),
        code('Seu código de cupom', v.couponCode),
        facts(['Válido até', v.expiresAt]),
        v.instructions === null ? null : paragraph(v.instructions),
        paragraph(`Como usar: ao finalizar a compra na loja, digite o código ${v.couponCode} no campo de cupom de desconto do carrinho antes de pagar.`),
        button('Usar na loja', v.storeUrl),
      ],
    }),
    points_expiring: (v) => ({
      subject: `Atenção: ${v.points} a vencer em ${v.expiresOn}`,
      heading: 'Aproveite antes do vencimento',
      blocks: [
        paragraph(`Você tem ${v.points} com vencimento em ${v.expiresOn}. Troque por uma recompensa antes dessa data para aproveitar seu saldo.`),
        facts(['A vencer', v.points], ['Vencimento', v.expiresOn], ['Saldo atual', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    login_code: (v) => ({
      subject: `Seu código de acesso: ${v.code}`,
      heading: 'Seu código de acesso',
      blocks: [
        paragraph(`Use este código para ver seus pontos de ${v.program} na loja. Ele vale por ${v.minutes} minutos e só pode ser usado uma vez.`),
        code('Código', v.code),
        paragraph('Se não foi você quem pediu, ignore este e-mail: ninguém entra sem o código.'),
      ],
    }),
  },
};
