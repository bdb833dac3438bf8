import { Type } from 'typebox';
import { updateProgram } from '../../../app/tenants/program';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { beforeOf } from './audit-before';
import { Program, errorResponses } from '../../schemas';
import { presentProgram } from './present';

export function registerProgramUpdate(app: Router, deps: AppDeps) {
  const before = beforeOf(deps);
  app.patch(
    '/program',
    {
      config: { auth: 'admin', audit: { action: 'program.update', before: before.program } },
      schema: {
        tags: ['program'],
        summary: "Change the program's name, points names, earning rate, language, time zone or expiry",
        security: [{ apiKey: [] }],
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
            pointsNameSingular: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            pointsNamePlural: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            pointsPerCurrencyUnit: Type.Optional(Type.Number({ minimum: 0, maximum: 10000, description: 'Points per R$ 1, up to 4 decimals' })),
            language: Type.Optional(Type.Union([Type.Literal('pt-BR'), Type.Literal('en'), Type.Literal('es')])),
            timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            pointsExpiryDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()])),
            rewardCostFactor: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'Imported products cost price × pointsPerCurrencyUnit × this' })),
            expiredCouponsReturnPoints: Type.Optional(Type.Boolean({ description: 'A reward coupon that expires unused gives its points back' })),
            brandColor: Type.Optional(Type.String({ maxLength: 7, description: 'The e-mails\' colour, #rrggbb' })),
            logoUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'An https URL' })),
            rulesText: Type.Optional(Type.Union([Type.String({ maxLength: 10000 }), Type.Null()], { description: "The program's rules, shown by the widget" })),
            emailTypesOff: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: 'E-mail types the program does not send' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Program, ...errorResponses },
      },
    },
    async (request) => presentProgram(await updateProgram(deps, callerOf(request).tenantId, request.body)),
  );
}
