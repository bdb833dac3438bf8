import { notFound } from '../../domain/errors';
import { validateProgramChanges, type Program, type ProgramChanges } from '../../domain/program';
import type { Clock, TenantStore } from '../ports';

export async function getProgram(deps: { tenants: TenantStore }, tenantId: string): Promise<Program> {
  const program = await deps.tenants.get(tenantId);
  if (!program) throw notFound('program');
  return program;
}

/** Errors: VALIDATION_FAILED, NOT_FOUND. */
export async function updateProgram(
  deps: { tenants: TenantStore; clock: Clock },
  tenantId: string,
  changes: ProgramChanges,
): Promise<Program> {
  const valid = validateProgramChanges(changes);
  const program = await deps.tenants.update(tenantId, valid, deps.clock.now());
  if (!program) throw notFound('program');
  return program;
}
