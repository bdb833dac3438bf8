// What Master Data v1 asks of every document read (search, scroll, get), per the MasterData
// spec's permission tables, and the one data entity this sandbox serves.

import { RESOURCES } from '../core/license-resources';

export const READ_DOCUMENTS = {
  resources: [RESOURCES.readDocuments, RESOURCES.writeDocuments, RESOURCES.fullAccessDocuments, RESOURCES.masterDataAdministrator],
};

export const SERVED_ENTITY = 'CL';

export function unknownEntityMessage(acronym: string): string {
  return `Data entity ${acronym} not found`;
}

export type EntityParams = { Params: { account: string; acronym: string } };
