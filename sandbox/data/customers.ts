// The account's customers (what Master Data's CL entity will serve). Seeded customers are
// generated on demand from (seed, index); only created customers and edits are stored.

import { cpfForIndex, indexForCpf } from './cpf';
import { indexedUuid, indexOfIndexedUuid } from './ids';
import { AREA_CODES, EMAIL_DOMAINS, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES, slugify } from './pt-br-names';
import { hash32, hexId, Prng } from './prng';

export interface Customer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  document: string;
  documentType: 'cpf';
  phone: string;
  birthDate: string;
  isNewsletterOptIn: boolean;
  userId: string;
  createdIn: string;
  updatedIn: string;
}

export interface CustomerSeedPlan {
  count: number;
  /** Customers sign up in [createdFromMs, createdToMs). */
  createdFromMs: number;
  createdToMs: number;
}

const USER_ID_FAMILY = 1;
const DOCUMENT_ID_FAMILY = 2;
const DAY_MS = 86_400_000;
/** A seeded customer's createdIn is at most this much older than its updatedIn. */
export const MAX_SEEDED_UPDATE_LAG_MS = 365 * DAY_MS;

export class CustomerStore {
  private plan: CustomerSeedPlan = { count: 0, createdFromMs: 0, createdToMs: 0 };
  private readonly created: Customer[] = [];
  private readonly edits = new Map<number, Partial<Customer>>();
  private readonly createdIndexByEmail = new Map<string, number>();

  constructor(private readonly seed: number) {}

  get count(): number {
    return this.plan.count + this.created.length;
  }

  get seededCount(): number {
    return this.plan.count;
  }

  /** Replaces every customer with `plan.count` generated ones. */
  reseed(plan: CustomerSeedPlan): void {
    this.plan = plan;
    this.created.length = 0;
    this.edits.clear();
    this.createdIndexByEmail.clear();
  }

  at(index: number): Customer | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const base = index < this.plan.count ? this.generate(index) : this.created[index - this.plan.count];
    if (!base) return undefined;
    const edit = this.edits.get(index);
    return edit ? { ...base, ...edit } : base;
  }

  /** Adds a customer that was not seeded (e.g. a shopper signing up); returns its index. */
  add(fields: Omit<Customer, 'id' | 'userId' | 'document' | 'documentType'> & Partial<Customer>): number {
    const index = this.count;
    const customer: Customer = {
      id: indexedUuid(this.seed, DOCUMENT_ID_FAMILY, index),
      userId: indexedUuid(this.seed, USER_ID_FAMILY, index),
      document: cpfForIndex(this.documentOffset(), index),
      documentType: 'cpf',
      ...fields,
    };
    this.created.push(customer);
    this.createdIndexByEmail.set(customer.email.toLowerCase(), index);
    return index;
  }

  update(index: number, patch: Partial<Omit<Customer, 'id' | 'userId'>>, nowIso: string): Customer | undefined {
    if (!this.at(index)) return undefined;
    this.edits.set(index, { ...this.edits.get(index), ...patch, updatedIn: nowIso });
    return this.at(index);
  }

  /** Indexes whose stored record differs from the generated one (their updatedIn moved). */
  editedIndexes(): IterableIterator<number> {
    return this.edits.keys();
  }

  /**
   * The generated updatedIn of a seeded customer, without generating it. It never decreases
   * with the index, so Master Data answers updatedIn ranges by binary search (no index in memory).
   */
  seededUpdatedInMs(index: number): number {
    const slotMs = Math.max(1, this.plan.createdToMs - this.plan.createdFromMs) / Math.max(1, this.plan.count);
    return this.plan.createdFromMs + Math.floor((index + hash32(this.seed, index, 0xc2) / 0x100000000) * slotMs);
  }

  /** The Conversation Tracker alias orders carry instead of the real e-mail (VTEX-API.md §4.3). */
  conversationEmail(index: number): string {
    return `${hexId(this.seed, index, 0xe1).toLowerCase()}@ct.vtex.com.br`;
  }

  indexOfUserId(userId: string): number | undefined {
    return this.verified(indexOfIndexedUuid(this.seed, USER_ID_FAMILY, userId), (c) => c.userId === userId);
  }

  indexOfId(id: string): number | undefined {
    return this.verified(indexOfIndexedUuid(this.seed, DOCUMENT_ID_FAMILY, id), (c) => c.id === id);
  }

  indexOfDocument(document: string): number | undefined {
    return this.verified(indexForCpf(this.documentOffset(), document), (c) => c.document === document);
  }

  indexOfEmail(email: string): number | undefined {
    const lower = email.toLowerCase();
    const created = this.createdIndexByEmail.get(lower);
    if (created !== undefined) return created;
    // Seeded e-mails end with the customer index ("ana.souza123@…"), see generate().
    const digits = /(\d+)@/.exec(lower)?.[1];
    return this.verified(digits === undefined ? undefined : Number(digits), (c) => c.email === lower);
  }

  private verified(index: number | undefined, matches: (c: Customer) => boolean): number | undefined {
    if (index === undefined) return undefined;
    const customer = this.at(index);
    return customer && matches(customer) ? index : undefined;
  }

  private documentOffset(): number {
    return hash32(this.seed, 0, 0xcf) % 1_000_000_000;
  }

  private generate(index: number): Customer {
    const random = Prng.for(this.seed, index, 0xc1);
    const female = random.chance(0.52);
    const firstName = random.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const lastName = random.chance(0.3) ? `${random.pick(SURNAMES)} ${random.pick(SURNAMES)}` : random.pick(SURNAMES);
    const lastForEmail = lastName.split(' ').at(-1) ?? lastName;
    const email = `${slugify(firstName)}.${slugify(lastForEmail)}${index}@${random.pick(EMAIL_DOMAINS)}`;
    const phone = `+55${random.pick(AREA_CODES)}9${String(random.int(100_000_000)).padStart(8, '0')}`;
    const birth = new Date(Date.UTC(1950 + random.int(56), random.int(12), 1 + random.int(28)));
    const updatedMs = this.seededUpdatedInMs(index);
    const lagMs = random.chance(0.4) ? random.int(365) * DAY_MS + random.int(DAY_MS) : 0;
    const createdMs = Math.max(this.plan.createdFromMs, updatedMs - Math.min(lagMs, MAX_SEEDED_UPDATE_LAG_MS - 1));
    return {
      id: indexedUuid(this.seed, DOCUMENT_ID_FAMILY, index),
      email,
      firstName,
      lastName,
      document: cpfForIndex(this.documentOffset(), index),
      documentType: 'cpf',
      phone,
      birthDate: birth.toISOString().slice(0, 19),
      isNewsletterOptIn: random.chance(0.35),
      userId: indexedUuid(this.seed, USER_ID_FAMILY, index),
      createdIn: new Date(createdMs).toISOString(),
      updatedIn: new Date(updatedMs).toISOString(),
    };
  }
}
