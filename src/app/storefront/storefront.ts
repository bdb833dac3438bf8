// What the storefront widget asks, on behalf of a shopper on the store: the program (by its
// public key), signing in through the store's own login (VTEX confirms the session), and — with
// the member token — the member's balance, history, rewards, redemptions and coupons.
import { randomInt } from 'node:crypto';
import { DomainError } from '../../domain/errors';
import { newId } from '../ids';
import type { Member } from '../../domain/member';
import { unavailableReason, type Reward } from '../../domain/reward';
import { openVtexCredentials } from '../integrations/get-vtex-credentials';
import { getBalance } from '../ledger/get-balance';
import { listHistory } from '../ledger/list-history';
import { createMember } from '../members/members';
import type { MemberStore, VtexRead } from '../ports';
import { redeem } from '../rewards/redemptions';
import type { IssueDeps } from '../rewards/issue-coupon';
import { issueMemberToken, readMemberToken, type MemberTokenClaims } from './member-token';
import type { StorefrontStore, VtexShopper, VtexShopperCheckFactory } from './ports';
import type { RecentReads, StorefrontProgram } from '../recent-reads';

export type StorefrontDeps = IssueDeps & {
  members: MemberStore;
  storefront: StorefrontStore;
  vtexShoppers: VtexShopperCheckFactory;
};

const unknownKey = () => new DomainError('UNAUTHORIZED', 'unknown program key (data-key)');

export type { StorefrontProgram };

/** The program and its integration as read at most a few seconds ago (recent-reads.ts). Errors: UNAUTHORIZED for a key no program has. */
export async function programByKey(deps: { recentReads: Pick<RecentReads, 'storefrontProgram'> }, publicKey: string | undefined): Promise<StorefrontProgram> {
  if (!publicKey || !/^pk_[0-9a-f]{32}$/.test(publicKey)) throw unknownKey();
  const found = await deps.recentReads.storefrontProgram(publicKey);
  if (!found) throw unknownKey();
  return found;
}

/** What the widget shows before anyone signs in. */
export function programInfo({ program, integration }: StorefrontProgram) {
  const settings = integration?.settings;
  return {
    name: program.name,
    pointsNameSingular: program.pointsNameSingular,
    pointsNamePlural: program.pointsNamePlural,
    language: program.language,
    theme: { color: program.brandColor, logoUrl: program.logoUrl },
    earning: { pointsPerCurrencyUnit: program.pointsPerCurrencyUnit, creditDelayDays: settings?.creditDelayDays ?? null },
    rules: program.rulesText,
    storeUrl: settings?.storeUrl ?? null,
    signupUrl: settings?.signupUrl ?? null,
    singleSignOn: settings?.singleSignOn === true,
  };
}

/**
 * Single sign-on: VTEX is asked, server-side, whether the shopper's session (or VTEX ID token) is
 * an authenticated shopper of the program's store; only then the member is found (by VTEX user id,
 * then e-mail) or created, and a member token issued. Errors: UNAUTHORIZED (a blocked member), SSO_OFF, VTEX_UNAVAILABLE. Null when VTEX does not know the session as a signed-in
 * shopper of the store (an anonymous visitor, a forged or another store's session).
 */
export async function signInWithVtex(
  deps: StorefrontDeps,
  found: StorefrontProgram,
  proof: { vtexSession?: string | undefined; vtexSegment?: string | undefined; vtexIdToken?: string | undefined },
): Promise<{ token: string; expiresAt: Date; member: Member } | null> {
  const { program, integration } = found;
  if (!integration?.settings.active || !integration.settings.singleSignOn) {
    throw new DomainError('SSO_OFF', 'this program does not sign shoppers in through the store (single sign-on is off)');
  }
  const check = deps.vtexShoppers(openVtexCredentials(deps, program.tenantId, integration));
  let answer: VtexRead<VtexShopper | null>;
  if (proof.vtexIdToken) answer = await check.idToken(proof.vtexIdToken);
  else if (proof.vtexSession) answer = await check.session({ vtexSession: proof.vtexSession, ...(proof.vtexSegment ? { vtexSegment: proof.vtexSegment } : {}) });
  else return null;
  if (!answer.ok) throw new DomainError('VTEX_UNAVAILABLE', 'VTEX could not confirm the session now; try again');
  // Every visitor has a session; one VTEX does not know as a signed-in shopper of this store is anonymous.
  if (!answer.value) return null;
  const member = await memberFor(deps, program.tenantId, answer.value);
  if (member.status !== 'active') throw new DomainError('UNAUTHORIZED', 'this member is blocked');
  return { ...issueMemberToken(deps, { tenantId: program.tenantId, memberId: member.id }, deps.clock.now()), member };
}

async function memberFor(deps: StorefrontDeps, tenantId: string, shopper: VtexShopper): Promise<Member> {
  const email = shopper.email.trim().toLowerCase();
  const known = (shopper.userId ? await deps.members.findBy(tenantId, { vtexUserId: shopper.userId }) : null) ?? (await deps.members.findBy(tenantId, { email }));
  if (known) return known;
  try {
    return await createMember(deps, tenantId, { email, ...(shopper.userId ? { vtexUserId: shopper.userId } : {}), ...(shopper.name ? { name: shopper.name } : {}) });
  } catch (error) {
    // Joined meanwhile (another tab, the customer import): that member.
    if (!(error instanceof DomainError && error.code === 'MEMBER_EXISTS')) throw error;
    const again = await deps.members.findBy(tenantId, { email });
    if (!again) throw error;
    return again;
  }
}

/** The member a token names, which must be the program's the key names. Errors: UNAUTHORIZED. */
export function memberOf(deps: Pick<StorefrontDeps, 'secrets' | 'clock'>, found: StorefrontProgram, token: string | undefined): MemberTokenClaims {
  const claims = readMemberToken(deps, token ?? '', deps.clock.now());
  if (claims.tenantId !== found.program.tenantId) throw new DomainError('UNAUTHORIZED', 'the member token is not valid (expired, forged or of another program): sign in again');
  return claims;
}

export function refreshToken(deps: Pick<StorefrontDeps, 'secrets' | 'clock'>, claims: MemberTokenClaims) {
  return issueMemberToken(deps, claims, deps.clock.now());
}

const notInProgram = () => new DomainError('UNAUTHORIZED', 'the member is not in the program: sign in again');

async function memberOrRefuse(deps: StorefrontDeps, claims: MemberTokenClaims): Promise<Member> {
  const member = await deps.members.get(claims.tenantId, claims.memberId);
  if (!member || member.status !== 'active') throw notInProgram();
  return member;
}

export async function myAccount(deps: StorefrontDeps, claims: MemberTokenClaims) {
  const account = await deps.storefront.account(claims.tenantId, claims.memberId);
  if (!account || account.member.status !== 'active') throw notInProgram();
  const { member, balance, pending } = account;
  return {
    member: { id: member.id, name: member.name, email: member.email },
    balance: {
      available: balance.available,
      held: balance.held,
      pending: pending.map((lot) => ({ points: lot.points, availableOn: lot.availableOn.toISOString() })),
      nextExpiry: balance.nextExpiry,
    },
  };
}

export async function myHistory(deps: StorefrontDeps, claims: MemberTokenClaims, cursor: string | undefined) {
  await memberOrRefuse(deps, claims);
  const page = await listHistory(deps, { tenantId: claims.tenantId, memberId: claims.memberId, ...(cursor ? { cursor } : {}), limit: 20 });
  return {
    items: page.items.map((item) => ({ id: item.id, kind: item.kind, points: item.points, reference: item.reference, createdAt: item.createdAt.toISOString() })),
    nextCursor: page.nextCursor,
  };
}

/** Active rewards, cheapest first, each saying whether the member can redeem it now or how many points are missing. */
export async function myRewards(deps: StorefrontDeps, claims: MemberTokenClaims) {
  await memberOrRefuse(deps, claims);
  const [balance, page] = await Promise.all([getBalance(deps, claims.tenantId, claims.memberId), deps.rewards.list(claims.tenantId, { active: true, cursor: null, limit: 100 })]);
  const now = deps.clock.now();
  return {
    items: page.items
      .sort((a: Reward, b: Reward) => a.cost - b.cost || a.name.localeCompare(b.name))
      .map((reward) => {
        const unavailable = unavailableReason(reward, now) ?? (reward.issueError ? 'coupons for this reward cannot be issued now' : null);
        return {
          id: reward.id, kind: reward.kind, name: reward.name, description: reward.description, imageUrl: reward.imageUrl, cost: reward.cost,
          canRedeem: unavailable === null && balance.available >= reward.cost,
          missingPoints: Math.max(0, reward.cost - balance.available),
          unavailableReason: unavailable,
        };
      }),
  };
}

export async function redeemForMember(deps: StorefrontDeps, claims: MemberTokenClaims, rewardId: string, idempotencyKey: string) {
  await memberOrRefuse(deps, claims);
  return redeem(deps, { tenantId: claims.tenantId, memberId: claims.memberId, rewardId, idempotencyKey: `storefront:${claims.memberId}:${idempotencyKey}` });
}

const WITH_COUPON = new Set(['issued', 'used', 'expired', 'cancelled']);

export async function myCoupons(deps: StorefrontDeps, claims: MemberTokenClaims) {
  await memberOrRefuse(deps, claims);
  const page = await deps.redemptions.list(claims.tenantId, { status: null, memberId: claims.memberId, cursor: null, limit: 100 });
  return page.items.filter((redemption) => WITH_COUPON.has(redemption.status));
}

/** Sign-in codes: 6 digits, 10 minutes, 5 tries, a new one at most every 30 seconds per e-mail. */
export const LOGIN_CODE_MINUTES = 10;
const LOGIN_CODE_TRIES = 5;
const LOGIN_CODE_EVERY_MS = 30_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const codeContext = (tenantId: string) => `login-code:${tenantId}`;

function requireEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!EMAIL.test(email) || email.length > 254) throw new DomainError('VALIDATION_FAILED', 'email: must be an e-mail address', 'email', [{ field: 'email', message: 'must be an e-mail address' }]);
  return email;
}

/**
 * For programs without single sign-on: a one-time code e-mailed to a member. The answer is the
 * same whether or not the e-mail belongs to a member (nobody learns who is one); only a member's
 * e-mail gets a code, while the program is active. Errors: VALIDATION_FAILED (email).
 */
export async function requestLoginCode(deps: StorefrontDeps, found: StorefrontProgram, rawEmail: unknown): Promise<void> {
  const email = requireEmail(rawEmail);
  const { program, integration } = found;
  if (!integration?.settings.active) return;
  const member = await deps.members.findBy(program.tenantId, { email });
  if (!member || member.status !== 'active') return;
  const now = deps.clock.now();
  const current = await deps.storefront.loginCode(program.tenantId, email);
  if (current && current.expiresAt > now && now.getTime() - current.createdAt.getTime() < LOGIN_CODE_EVERY_MS) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.storefront.saveLoginCode(
    program.tenantId,
    email,
    {
      memberId: member.id, codeSignature: deps.secrets.sign(`${email}:${code}`, codeContext(program.tenantId)), attempts: 0,
      expiresAt: new Date(now.getTime() + LOGIN_CODE_MINUTES * 60_000), createdAt: now,
    },
    { id: newId('evt', now.getTime()), payload: { code, minutes: LOGIN_CODE_MINUTES } },
  );
}

/** The code from the e-mail, once, within its minutes and tries. Errors: UNAUTHORIZED (one message for every wrong case). */
export async function verifyLoginCode(deps: StorefrontDeps, found: StorefrontProgram, rawEmail: unknown, rawCode: unknown): Promise<{ token: string; expiresAt: Date; member: Member }> {
  const email = requireEmail(rawEmail);
  const tenantId = found.program.tenantId;
  const wrong = new DomainError('UNAUTHORIZED', 'the code is wrong or expired: ask for a new one');
  const code = typeof rawCode === 'string' ? rawCode.trim() : '';
  const current = await deps.storefront.loginCode(tenantId, email);
  if (!current || current.expiresAt <= deps.clock.now() || current.attempts >= LOGIN_CODE_TRIES) throw wrong;
  if (!/^\d{6}$/.test(code) || !deps.secrets.verify(`${email}:${code}`, codeContext(tenantId), current.codeSignature)) {
    if ((await deps.storefront.countLoginAttempt(tenantId, email)) >= LOGIN_CODE_TRIES) await deps.storefront.deleteLoginCode(tenantId, email, current.codeSignature);
    throw wrong;
  }
  // Works once: of two requests with the right code, one signs in.
  if (!(await deps.storefront.deleteLoginCode(tenantId, email, current.codeSignature))) throw wrong;
  const member = await deps.members.get(tenantId, current.memberId);
  if (!member || member.status !== 'active') throw wrong;
  return { ...issueMemberToken(deps, { tenantId, memberId: member.id }, deps.clock.now()), member };
}
