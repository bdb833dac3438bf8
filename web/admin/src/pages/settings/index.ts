// Settings: the VTEX integration and the program.
import type { RouteDef } from '../../router';
import { IntegrationPage } from './integration-page';
import { ProgramPage } from './program-page';

export const routes: RouteDef[] = [
  { path: '/settings/integration', component: IntegrationPage },
  { path: '/settings/program', component: ProgramPage },
];
