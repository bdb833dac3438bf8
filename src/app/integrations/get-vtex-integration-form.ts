import { notFound } from '../../domain/errors';
import { vtexIntegrationForm, type FormField } from '../../domain/integration-form';
import type { Language } from '../../domain/program';
import type { TenantStore } from '../ports';

/**
 * The integration form's fields with help in `language`, by default the program's. The language
 * field's default is the program's current language.
 */
export async function getVtexIntegrationForm(
  deps: { tenants: TenantStore },
  tenantId: string,
  language: Language | undefined,
): Promise<{ language: Language; fields: FormField[] }> {
  const program = await deps.tenants.get(tenantId);
  if (!program) throw notFound('program');
  const chosen = language ?? program.language;
  const fields = vtexIntegrationForm(chosen).map((field) => (field.name === 'language' ? { ...field, default: program.language } : field));
  return { language: chosen, fields };
}
