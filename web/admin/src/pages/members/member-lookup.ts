// Names for member ids in lists that only carry the id (redemptions, e-mails): each member is read
// once per page load (GET /members/:id) and kept, so paging and filtering do not ask again.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';
import type { Member } from './types';

const cache = new Map<string, Promise<Member | null>>();

function lookUp(memberId: string): Promise<Member | null> {
  let found = cache.get(memberId);
  if (!found) {
    found = api.get<Member>(`/members/${encodeURIComponent(memberId)}`).catch(() => {
      // Not kept: a later page may ask again (the network may be back).
      cache.delete(memberId);
      return null;
    });
    cache.set(memberId, found);
  }
  return found;
}

/** After an edit or an erasure, so lists show the new name. */
export const forgetMember = (memberId: string) => void cache.delete(memberId);

/** The members of `ids` as they arrive; a missing entry is still loading, null could not be read. */
export function useMembers(ids: readonly string[]): ReadonlyMap<string, Member | null> {
  const [known, setKnown] = useState<ReadonlyMap<string, Member | null>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',') : []) {
      void lookUp(id).then((member) => {
        if (live) setKnown((previous) => new Map(previous).set(id, member));
      });
    }
    return () => {
      live = false;
    };
  }, [key]);
  return known;
}

/** What to call a member: the name, else the e-mail, else "Erased member" or the id. */
export function memberLabel(member: Pick<Member, 'id' | 'name' | 'email' | 'status'> | null | undefined, fallbackId?: string): string {
  if (!member) return fallbackId ?? '—';
  if (member.name) return member.name;
  if (member.email) return member.email;
  return member.status === 'erased' ? t('members.erasedMember') : member.id;
}
