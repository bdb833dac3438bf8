import { randomBytes } from 'node:crypto';
import { validateProgramChanges, type Program, type ProgramChanges } from '../../domain/program';
import { invalid } from '../../domain/errors';
import { newId } from '../ids';
import type { Clock, TenantStore } from '../ports';
import { issueApiKey } from './api-keys';

/** A new tenant (a store's loyalty program) with its first API key, shown this once. */
export async function createTenant(
  deps: { tenants: TenantStore; clock: Clock },
  command: { name: string } & ProgramChanges,
): Promise<{ tenantId: string; apiKey: string; program: Program }> {
  if (typeof command.name !== 'string') throw invalid('name', 'is required');
  const fields = validateProgramChanges(command);
  const now = deps.clock.now();
  const tenantId = newId('ten', now.getTime());
  const program: Program = {
    tenantId,
    name: fields.name ?? command.name,
    pointsNameSingular: fields.pointsNameSingular ?? 'ponto',
    pointsNamePlural: fields.pointsNamePlural ?? 'pontos',
    pointsPerCurrencyUnit: fields.pointsPerCurrencyUnit ?? 1,
    language: fields.language ?? 'pt-BR',
    timezone: fields.timezone ?? 'America/Sao_Paulo',
    pointsExpiryDays: fields.pointsExpiryDays ?? null,
    rewardCostFactor: fields.rewardCostFactor ?? 1,
    expiredCouponsReturnPoints: fields.expiredCouponsReturnPoints ?? false,
    brandColor: fields.brandColor ?? '#0f766e',
    logoUrl: fields.logoUrl ?? null,
    emailTypesOff: fields.emailTypesOff ?? [],
    publicKey: `pk_${randomBytes(16).toString('hex')}`,
    rulesText: fields.rulesText ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const key = issueApiKey(tenantId);
  await deps.tenants.create(program, { id: key.id, name: 'First API key', secretHash: key.secretHash });
  return { tenantId, apiKey: key.token, program };
}
