import { getProgram } from '../../../app/tenants/program';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { Program, errorResponses } from '../../schemas';
import { presentProgram } from './present';

export function registerProgramGet(app: Router, deps: AppDeps) {
  app.get(
    '/program',
    {
      config: { auth: 'admin' },
      schema: { tags: ['program'], summary: "The tenant's loyalty program", security: [{ apiKey: [] }], response: { 200: Program, ...errorResponses } },
    },
    async (request) => presentProgram(await getProgram(deps, callerOf(request).tenantId)),
  );
}
