// Where keyboard focus goes when the redemption flow moves on, so a keyboard or screen-reader user
// is never dropped on the page's <body>: each step's control carries a data-focus key.
import type { CodeSignIn, Phase, RedeemFlow } from '../controller';

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

/**
 * The data-focus keys after the one-time code sign-in moved on: to the code field once the code is
 * sent (or sent again: the disabled "send again" cannot keep focus), back to the e-mail field, and
 * to the balance once signed in; null: focus stays where it is.
 */
export function focusAfterCodeChange(previous: { phase: Phase; code: CodeSignIn }, next: { phase: Phase; code: CodeSignIn }): string[] | null {
  if (previous.phase === 'anonymous' && next.phase === 'member') return previous.code.step === 'code' ? ['balance'] : null;
  if (next.phase !== 'anonymous') return null;
  const before = previous.code;
  const now = next.code;
  if (before.step !== now.step) return [now.step === 'code' ? 'code-input' : 'code-email'];
  if (now.step === 'code' && (now.sent > before.sent || (before.canResend && !now.canResend))) return ['code-input'];
  return null;
}
