/**
 * Who has a profile photo: person id -> photo version. Messages, conversations and members carry
 * only a person's id, so the avatars look the version up here instead of the server adding photo
 * fields to all of them. Loaded whenever the socket (re)connects; one's own change and an admin's
 * change are written in at once. Kept in memory only, like everything else private.
 */
import { useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { API_BASE } from '../api/http';
import type { Person } from '../api/schemas';
import { createStore } from './store';

export type PhotoMap = Readonly<Record<string, string>>;

export const photoStore = createStore<PhotoMap>({});

/** The map with one person's photo set, changed or (null) removed; the same map when nothing changes. */
export function withPhoto(map: PhotoMap, personId: string, version: string | null | undefined): PhotoMap {
  const now = version || undefined;
  if (map[personId] === now) return map;
  const next = { ...map };
  if (now) next[personId] = now;
  else delete next[personId];
  return next;
}

let loads = 0;
// what was noted while a load was on its way: its answer may predate it
let notedDuringLoad: Array<[string, string | null]> | null = null;

/** Notes what a fresh Person says about their photo (after an upload, or a profile just fetched). */
export function notePhoto(person: Pick<Person, 'id' | 'photo_version'>): void {
  notedDuringLoad?.push([person.id, person.photo_version ?? null]);
  photoStore.set((map) => withPhoto(map, person.id, person.photo_version));
}

/** Replaces the map with the server's; an answer overtaken by a newer load is dropped. */
export async function loadPhotos(fetchPhotos: () => Promise<{ photos: Record<string, string> }> = api.photos): Promise<void> {
  const mine = ++loads;
  const noted: Array<[string, string | null]> = [];
  notedDuringLoad = noted;
  try {
    const { photos } = await fetchPhotos();
    if (mine === loads) photoStore.set(noted.reduce<PhotoMap>((map, [id, version]) => withPhoto(map, id, version), photos));
  } finally {
    if (mine === loads) notedDuringLoad = null;
  }
}

/** Forgets every photo (signing out). */
export function clearPhotos(): void {
  loads++;
  notedDuringLoad = null;
  photoStore.set({});
}

export type PhotoSize = 'small' | 'large';

/** The photo's URL: the version makes it a new URL with every new photo, so browsers keep it for good. */
export function photoUrl(personId: string, version: string, size: PhotoSize): string {
  const base = `${API_BASE}/people/${encodeURIComponent(personId)}/photo?v=${encodeURIComponent(version)}`;
  return size === 'small' ? `${base}&size=small` : base;
}

/** One person's photo version, re-rendering only when theirs changes. */
export function usePhotoVersion(personId: string | null | undefined): string | null {
  return useSyncExternalStore(photoStore.subscribe, () => (personId ? (photoStore.get()[personId] ?? null) : null));
}
