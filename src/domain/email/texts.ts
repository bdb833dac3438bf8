// The words of every message in every language. Each text is a function of a typed object whose
// values are already formatted strings (`1.234 pontos`, `30 de novembro de 2026`), so a misspelt
// or missing variable is a compile error and a raw number or Date cannot slip into a message.
import type { Language } from '../program';
import type { Block } from './blocks';
import { EN } from './texts-en';
import { ES } from './texts-es';
import { PT_BR } from './texts-pt-br';
import type { EmailType } from './types';

/** What every message can use. */
export interface CommonVars {
  program: string;
  /** The plural points name, for sentences about points in general. */
  pointsPlural: string;
  /** http(s), or null: a button with a null URL is left out. */
  storeUrl: string | null;
}

/** Per message type, its values as they are shown. */
export interface EmailVars {
  welcome: { balance: string };
  points_pending: { points: string; availableOn: string; orderId: string };
  points_available: { points: string; balance: string };
  reward_within_reach: { rewardName: string; cost: string; balance: string };
  redemption_pending_approval: { rewardName: string; cost: string };
  redemption_approved: { rewardName: string };
  /** reason: null when the merchant gave none. */
  redemption_rejected: { rewardName: string; reason: string | null; pointsReturned: string };
  /** instructions: null when there are none. */
  redemption_issued: { rewardName: string; couponCode: string; expiresAt: string; instructions: string | null };
  points_expiring: { points: string; expiresOn: string; balance: string };
  login_code: { code: string; minutes: string };
}

export interface MessageText {
  subject: string;
  heading: string;
  /** null entries are left out, for parts that depend on the data. */
  blocks: ReadonlyArray<Block | null>;
}

export interface EmailTexts {
  greeting(firstName: string | null): string;
  /** Why the recipient gets this e-mail. */
  footer(v: { program: string; email: string }): string;
  unsubscribe: string;
  messages: { [T in EmailType]: (v: EmailVars[T] & CommonVars) => MessageText };
}

export const EMAIL_TEXTS: Record<Language, EmailTexts> = { 'pt-BR': PT_BR, en: EN, es: ES };
