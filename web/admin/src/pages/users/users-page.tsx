// Users & API keys: the store's panel users, the signed-in user's account, and the API keys.
import { Page } from '../../components';
import { t } from '../../i18n';
import { ApiKeys } from './api-keys';
import { MyAccount } from './my-account';
import { UsersList } from './users-list';

export function UsersPage() {
  return (
    <Page title={t('users.title')} testid="page-users">
      <UsersList />
      <MyAccount />
      <ApiKeys />
    </Page>
  );
}
