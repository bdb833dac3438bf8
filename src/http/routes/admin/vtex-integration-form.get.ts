import { Type } from 'typebox';
import { getVtexIntegrationForm } from '../../../app/integrations/get-vtex-integration-form';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { errorResponses } from '../../schemas';

const Language = Type.Union([Type.Literal('pt-BR'), Type.Literal('en'), Type.Literal('es')]);

const FormField = Type.Object({
  name: Type.String(),
  type: Type.String({ description: 'secret, string, url, integer, boolean, date, enum, enum-list or id-list' }),
  required: Type.Boolean(),
  default: Type.Unknown(),
  constraints: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
  options: Type.Optional(Type.Array(Type.String())),
  label: Type.String(),
  help: Type.String(),
});

export function registerVtexIntegrationFormGet(app: Router, deps: AppDeps) {
  app.get(
    '/integrations/vtex/form',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['integrations'],
        summary: 'The VTEX integration form: each field with its type, limits, default, label and help text',
        security: [{ apiKey: [] }],
        querystring: Type.Object({ lang: Type.Optional(Language) }, { additionalProperties: false }),
        response: { 200: Type.Object({ language: Language, fields: Type.Array(FormField) }), ...errorResponses },
      },
    },
    async (request) => getVtexIntegrationForm(deps, callerOf(request).tenantId, request.query.lang),
  );
}
