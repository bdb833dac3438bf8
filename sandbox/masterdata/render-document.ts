// A CL customer as a Master Data v1 document: the requested fields plus, when asked, the
// document metadata every Master Data document carries.

import { createHash } from 'node:crypto';
import type { Account } from '../core/account';
import type { Customer } from '../data/customers';
import type { ClField } from './cl-fields';

export const DOCUMENT_META_FIELDS = ['id', 'accountId', 'accountName', 'dataEntityId'] as const;

export type DocumentField = ClField | (typeof DOCUMENT_META_FIELDS)[number];

const accountIds = new Map<string, string>();

/** A stable UUID for the account (VTEX's accountId), derived from its name. */
export function accountIdOf(account: Account): string {
  let id = accountIds.get(account.name);
  if (!id) {
    const hex = createHash('sha1').update(`vtex-account:${account.name}`).digest('hex');
    id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    accountIds.set(account.name, id);
  }
  return id;
}

export function renderDocument(account: Account, customer: Customer, fields: readonly DocumentField[]): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === 'accountId') document.accountId = accountIdOf(account);
    else if (field === 'accountName') document.accountName = account.name;
    else if (field === 'dataEntityId') document.dataEntityId = 'CL';
    else document[field] = customer[field];
  }
  return document;
}
