/**
 * The owner's first steps after setup: what is done (from the directory, the audit log and the
 * owner's conversations), where each step is done, and whether the card still has anything to say.
 */
import type { Conversation, Person } from '../../api/schemas';

export type StepId = 'invite' | 'import' | 'channels';

export interface Step {
  id: StepId;
  done: boolean;
  href: string;
}

export interface StepFacts {
  /** The directory has someone besides the owner. */
  othersExist: boolean;
  /** An import has been applied (the audit log has a people.import entry). */
  imported: boolean;
  /** A group or channel exists among the owner's conversations. */
  channelExists: boolean;
}

export function othersExist(people: readonly Pick<Person, 'id'>[], me: string): boolean {
  return people.some((p) => p.id !== me);
}

export function channelExists(conversations: readonly Pick<Conversation, 'kind'>[]): boolean {
  return conversations.some((c) => c.kind !== 'direct');
}

export function firstSteps(f: StepFacts): Step[] {
  return [
    { id: 'invite', done: f.othersExist, href: '/admin/people' },
    { id: 'import', done: f.imported, href: '/admin/import' },
    { id: 'channels', done: f.channelExists, href: '/chats/new' },
  ];
}

/** Only the owner sees it, until they dismiss it or every step is done. */
export function showFirstSteps(o: { isOwner: boolean; dismissed: boolean; steps: readonly Step[] | null }): boolean {
  if (!o.isOwner || o.dismissed || !o.steps) return false;
  return o.steps.some((s) => !s.done);
}

/** Per person: another admin's browser (or a second owner later) decides for itself. */
export const dismissKey = (personId: string) => `muster.first_steps.dismissed.${personId}`;

export function isDismissed(storage: Pick<Storage, 'getItem'> | null, personId: string): boolean {
  try {
    return storage?.getItem(dismissKey(personId)) === '1';
  } catch {
    return false; // storage blocked: show it (dismissing then lasts for this page only)
  }
}

export function rememberDismissed(storage: Pick<Storage, 'setItem'> | null, personId: string): void {
  try {
    storage?.setItem(dismissKey(personId), '1');
  } catch {
    /* private mode: forgotten on reload */
  }
}
