// A test world: a database, the container of stores on it, a clock the test moves, and helpers
// to seed a tenant and members through the real use cases.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/adapters/db/database';
import { secretBoxFromKeys } from '../../src/adapters/crypto/secret-box';
import { containerFor, type Container } from '../../src/main/container';
import { createTenant } from '../../src/app/tenants/create-tenant';
import { createMember } from '../../src/app/members/members';
import type { Clock } from '../../src/app/ports';
import type { ProgramChanges } from '../../src/domain/program';

export class TestClock implements Clock {
  constructor(private current = new Date('2026-01-15T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface World extends Container {
  clock: TestClock;
}

/** `vtexBaseUrl`: where VTEX is, e.g. a test sandbox's `${url}/{account}`. */
export function worldOn(database: Database, clock = new TestClock(), vtexBaseUrl?: string): World {
  // A cheaper scrypt than production's: the same code, at a cost the suite can afford per sign-in
  // (test/adapters/crypto/password-hasher.test.ts checks the production cost).
  const vtex = { ...(vtexBaseUrl ? { baseUrlTemplate: vtexBaseUrl } : {}), passwordCost: { logN: 12, r: 8, p: 1 } };
  return { ...containerFor(database, clock, secretBoxFromKeys(randomBytes(32)), vtex), clock };
}

let seq = 0;

export async function seedTenant(world: World, program: ProgramChanges = {}) {
  seq++;
  return createTenant(world, { name: `Loja ${seq}`, ...program });
}

export async function seedMember(world: World, tenantId: string, fields: { email?: string; name?: string } = {}) {
  seq++;
  return createMember(world, tenantId, { email: fields.email ?? `shopper${seq}.${Date.now()}@example.com`, name: fields.name ?? `Shopper ${seq}` });
}
