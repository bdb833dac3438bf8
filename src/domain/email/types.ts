// The messages the program sends a member, and what each one needs to be written: the data comes in
// (dates included, the domain reads no clock), the renderer only turns it into text.
import type { Language } from '../program';

export const EMAIL_TYPES = [
  'welcome',
  'points_pending',
  'points_available',
  'reward_within_reach',
  'redemption_pending_approval',
  'redemption_approved',
  'redemption_rejected',
  'redemption_issued',
  'points_expiring',
  'login_code',
] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];

/** How the program presents itself: its names, colour and logo, language and time zone. */
export interface EmailBrand {
  programName: string;
  pointsNameSingular: string;
  pointsNamePlural: string;
  /** #rrggbb; anything else falls back to the default colour. */
  color: string;
  /** Shown only when https. */
  logoUrl: string | null;
  /** https URL of the store, or null (then the message has no store link). */
  storeUrl: string | null;
  language: Language;
  /** IANA zone in which dates are shown. */
  timezone: string;
}

export interface EmailRecipient {
  firstName: string | null;
  email: string;
}

export type EmailData =
  | { type: 'welcome'; balance: number }
  | { type: 'points_pending'; points: number; availableOn: Date; orderId: string }
  | { type: 'points_available'; points: number; balance: number }
  | { type: 'reward_within_reach'; rewardName: string; cost: number; balance: number }
  | { type: 'redemption_pending_approval'; rewardName: string; cost: number }
  | { type: 'redemption_approved'; rewardName: string }
  | { type: 'redemption_rejected'; rewardName: string; reason: string; pointsReturned: number }
  | { type: 'redemption_issued'; rewardName: string; couponCode: string; expiresAt: Date; instructions: string }
  | { type: 'points_expiring'; points: number; expiresOn: Date; balance: number }
  /** The one-time code that signs the member in on the store (programs without single sign-on). */
  | { type: 'login_code'; code: string; minutes: number };

export type EmailDataOf<T extends EmailType> = Extract<EmailData, { type: T }>;

export interface EmailLinks {
  /** http(s); required, since every message carries it. */
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  /** One line: whitespace (line breaks included) is collapsed, so it is safe as a header. */
  subject: string;
  html: string;
  text: string;
}
