// Where keyboard focus goes when the redemption flow moves on, so a keyboard or screen-reader user
// is never dropped on the page's <body>: each step's control carries a data-focus key.
import type { RedeemFlow } from '../controller';

/** The data-focus keys to try in order, or null: focus stays where it is. */
export function focusAfterFlowChange(previous: RedeemFlow | null, next: RedeemFlow | null): string[] | null {
  if (previous?.step === next?.step && previous?.reward.id === next?.reward.id) return null;
  // Back from the flow: to the reward's button, or the rewards heading when it cannot be redeemed now.
  if (!next) return previous ? [`redeem:${previous.reward.id}`, 'rewards'] : null;
  switch (next.step) {
    case 'confirm':
      return ['confirm'];
    case 'sending':
      return null;
    case 'refused':
      return ['close-redeem'];
    case 'done':
      return ['result'];
  }
}
