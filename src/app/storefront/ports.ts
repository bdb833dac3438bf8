// What the storefront needs from VTEX: whether a shopper's session (or VTEX ID token) is an
// authenticated shopper of the program's store, and who. Asked server-side: nothing the browser
// says about the shopper is believed until VTEX confirms it.
import type { VtexConnection, VtexRead } from '../ports';

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

/** The storefront's reads besides the shared stores. */
export interface StorefrontStore {
  /** The member's pending points by the day they become available, soonest first. */
  pendingPoints(tenantId: string, memberId: string): Promise<{ points: number; availableOn: Date }[]>;
}
