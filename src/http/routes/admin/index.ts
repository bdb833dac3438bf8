import type { Router } from '../../router';
import type { AppDeps } from '../../app';
import { registerMembersCreate } from './members.create';
import { registerMembersList } from './members.list';
import { registerMembersGet } from './members.get';
import { registerMembersUpdate } from './members.update';
import { registerMembersExport } from './members.export';
import { registerMembersErase } from './members.erase';
import { registerDashboardGet } from './dashboard.get';
import { registerAdjustmentsCreate } from './adjustments.create';
import { registerLedgerList } from './ledger.list';
import { registerProgramGet } from './program.get';
import { registerProgramUpdate } from './program.update';
import { registerVtexIntegrationGet } from './vtex-integration.get';
import { registerVtexIntegrationUpdate } from './vtex-integration.update';
import { registerVtexIntegrationFormGet } from './vtex-integration-form.get';
import { registerVtexIntegrationCheck } from './vtex-integration.check';
import { registerSyncGet } from './sync.get';
import { registerRewards } from './rewards';
import { registerRewardsImport } from './rewards.import';
import { registerRedemptions } from './redemptions';
import { registerEmails } from './emails';
import { registerAdminAuth } from './auth';
import { registerUsers } from './users';
import { registerApiKeys } from './api-keys';
import { registerAuditLogList } from './audit-log.list';

export function registerAdminRoutes(app: Router, deps: AppDeps) {
  for (const register of [
    registerMembersCreate,
    registerMembersList,
    registerMembersGet,
    registerMembersUpdate,
    registerMembersExport,
    registerMembersErase,
    registerDashboardGet,
    registerAdjustmentsCreate,
    registerLedgerList,
    registerProgramGet,
    registerProgramUpdate,
    registerVtexIntegrationGet,
    registerVtexIntegrationUpdate,
    registerVtexIntegrationFormGet,
    registerVtexIntegrationCheck,
    registerSyncGet,
    registerRewards,
    registerRewardsImport,
    registerRedemptions,
    registerEmails,
    registerAdminAuth,
    registerUsers,
    registerApiKeys,
    registerAuditLogList,
  ]) {
    register(app, deps);
  }
}
