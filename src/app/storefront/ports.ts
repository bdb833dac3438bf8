// What the storefront needs from VTEX: whether a shopper's session (or VTEX ID token) is an
// authenticated shopper of the program's store, and who. Asked server-side: nothing the browser
// says about the shopper is believed until VTEX confirms it.
import type { Member } from '../../domain/member';
import type { BalanceView, VtexConnection, VtexRead } from '../ports';

export interface PendingPoints {
  points: number;
  availableOn: Date;
}

export interface VtexShopper {
  userId: string | null;
  email: string;
  name: string | null;
}

export interface VtexShopperCheck {
  /** The shopper a `vtex_session` (and `vtex_segment`) belongs to; null when the session is not authenticated. */
  session(cookies: { vtexSession: string; vtexSegment?: string }): Promise<VtexRead<VtexShopper | null>>;
  /** The shopper a VTEX ID token proves for this account; null when VTEX does not accept it. */
  idToken(token: string): Promise<VtexRead<VtexShopper | null>>;
}

export type VtexShopperCheckFactory = (connection: VtexConnection) => VtexShopperCheck;

export interface LoginCode {
  memberId: string;
  codeSignature: string;
  attempts: number;
  expiresAt: Date;
  createdAt: Date;
}

/** The storefront's reads and its sign-in codes, besides the shared stores. */
export interface StorefrontStore {
  /**
   * The member, their balance and their pending points by the day they become available (soonest
   * first, at most 50 days), in one statement: the storefront's busiest read. Null: no such member.
   */
  account(tenantId: string, memberId: string): Promise<{ member: Member; balance: BalanceView; pending: PendingPoints[] } | null>;
  loginCode(tenantId: string, email: string): Promise<LoginCode | null>;
  /** Replaces the e-mail's code and records the outbox event that mails it, in one transaction. */
  saveLoginCode(tenantId: string, email: string, code: LoginCode, event: { id: string; payload: Record<string, unknown> }): Promise<void>;
  /** Counts a wrong try; answers the tries so far. */
  countLoginAttempt(tenantId: string, email: string): Promise<number>;
  /** Ends the code (used, or too many tries); true when this call ended it (a code works once). */
  deleteLoginCode(tenantId: string, email: string, codeSignature: string): Promise<boolean>;
}
