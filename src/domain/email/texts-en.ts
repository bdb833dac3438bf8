// The messages in English. Sentences hold for one point as well as for many ("1 point of your
// balance will expire"), since the number is only known when the message is rendered.
import { button, code, facts, paragraph } from './blocks';
import type { EmailTexts } from './texts';

const GO_TO_STORE = 'Visit the store';

export const EN: EmailTexts = {
  greeting: (firstName) => (firstName === null ? 'Hello,' : `Hi ${firstName},`),
  footer: (v) => `This e-mail was sent to ${v.email} because you are a member of ${v.program}.`,
  unsubscribe: 'Unsubscribe from these e-mails',
  messages: {
    welcome: (v) => ({
      subject: `Welcome to ${v.program}`,
      heading: `You're now a member of ${v.program}`,
      blocks: [
        paragraph(`Every purchase at the store earns you ${v.pointsPlural} to exchange for rewards.`),
        facts(['Your current balance', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    points_pending: (v) => ({
      subject: `Your order ${v.orderId} earned you ${v.points}`,
      heading: `You earned ${v.points}`,
      blocks: [
        paragraph(`Your order ${v.orderId} earned you ${v.points}, available from ${v.availableOn}.`),
        facts(['Order', v.orderId], ['You earned', v.points], ['Available on', v.availableOn]),
        paragraph("An order's earnings are released once its period for exchanges and returns is over."),
      ],
    }),
    points_available: (v) => ({
      subject: `${v.points} now available in your balance`,
      heading: `Your balance is now ${v.balance}`,
      blocks: [
        paragraph(`We've released ${v.points} into your balance. You now have ${v.balance} to exchange for rewards.`),
        facts(['Just released', v.points], ['Current balance', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    reward_within_reach: (v) => ({
      subject: `You can now redeem ${v.rewardName}`,
      heading: 'A reward within reach',
      blocks: [
        paragraph(`Your balance has reached ${v.balance}: enough for ${v.rewardName}, which costs ${v.cost}.`),
        facts(['Reward', v.rewardName], ['Cost', v.cost], ['Your balance', v.balance]),
        paragraph('Redeem it at the store.'),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    redemption_pending_approval: (v) => ({
      subject: `We've received your redemption request: ${v.rewardName}`,
      heading: 'Redemption awaiting approval',
      blocks: [
        paragraph(`We've received your request to exchange ${v.cost} for ${v.rewardName}. The store will review it, and we'll e-mail you as soon as it's approved.`),
        facts(['Reward', v.rewardName], ['Cost', v.cost]),
        paragraph(`If it isn't approved, the ${v.pointsPlural} go back to your balance.`),
      ],
    }),
    redemption_approved: (v) => ({
      subject: `Your redemption was approved: ${v.rewardName}`,
      heading: 'Redemption approved!',
      blocks: [
        paragraph(`The store approved your redemption of ${v.rewardName}. We're generating your coupon: it will arrive in a separate e-mail with instructions on how to use it.`),
      ],
    }),
    redemption_rejected: (v) => ({
      subject: `Your redemption was not approved: ${v.rewardName}`,
      heading: 'Redemption not approved',
      blocks: [
        paragraph(`The store did not approve your redemption of ${v.rewardName}.`),
        v.reason === null ? null : paragraph(`Reason given by the store: ${v.reason}`),
        facts(['Returned to your balance', v.pointsReturned]),
        paragraph(`We've returned ${v.pointsReturned} to your balance, so you can choose another reward.`),
      ],
    }),
    redemption_issued: (v) => ({
      subject: `Your coupon is here: ${v.rewardName}`,
      heading: 'Your coupon is ready',
      blocks: [
        paragraph(`Here is the coupon for your ${v.rewardName} redemption.`),
        code('Your coupon code', v.couponCode),
        facts(['Valid until', v.expiresAt]),
        v.instructions === null ? null : paragraph(v.instructions),
        paragraph(`How to use it: at checkout in the store, enter the code ${v.couponCode} in the cart's coupon field before paying.`),
        button('Shop now', v.storeUrl),
      ],
    }),
    points_expiring: (v) => ({
      subject: `Heads up: ${v.points} expiring on ${v.expiresOn}`,
      heading: 'Make the most of your balance',
      blocks: [
        paragraph(`${v.points} of your balance will expire on ${v.expiresOn}. Redeem a reward before then to make the most of your balance.`),
        facts(['Expiring', v.points], ['Expiry date', v.expiresOn], ['Current balance', v.balance]),
        button(GO_TO_STORE, v.storeUrl),
      ],
    }),
    login_code: (v) => ({
      subject: `Your sign-in code: ${v.code}`,
      heading: 'Your sign-in code',
      blocks: [
        paragraph(`Use this code to see your ${v.program} points on the store. It is good for ${v.minutes} minutes and works once.`),
        code('Code', v.code),
        paragraph('If you did not ask for it, ignore this e-mail: nobody gets in without the code.'),
      ],
    }),
  },
};
