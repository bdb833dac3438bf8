// Sign-in and first-run setup: shown without the signed-in layout.
import type { RouteDef } from '../../router';
import { SetupPage } from './setup-page';
import { SignInPage } from './sign-in-page';

export const routes: RouteDef[] = [
  { path: '/sign-in', component: SignInPage, public: true },
  { path: '/setup', component: SetupPage, public: true },
];
