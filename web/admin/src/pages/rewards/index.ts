// The rewards page's routes, collected by src/routes.ts ('/rewards/new' before '/rewards/:rewardId').
import type { RouteDef } from '../../router';
import { NewRewardPage, RewardPage } from './reward-page';
import { RewardsPage } from './rewards-page';

export const routes: RouteDef[] = [
  { path: '/rewards', component: RewardsPage },
  { path: '/rewards/new', component: NewRewardPage },
  { path: '/rewards/:rewardId', component: RewardPage },
];
