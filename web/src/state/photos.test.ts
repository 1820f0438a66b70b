import { beforeEach, describe, expect, it } from 'vitest';
import { clearPhotos, loadPhotos, notePhoto, photoStore, photoUrl, withPhoto } from './photos';

const deferred = <T,>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('photo map', () => {
  beforeEach(() => clearPhotos());

  it('sets, changes and removes one person’s photo, keeping the map when nothing changes', () => {
    const a = withPhoto({}, 'p1', 'ph_a');
    expect(a).toEqual({ p1: 'ph_a' });
    expect(withPhoto(a, 'p1', 'ph_a')).toBe(a);
    expect(withPhoto(a, 'p1', 'ph_b')).toEqual({ p1: 'ph_b' });
    expect(withPhoto(a, 'p1', null)).toEqual({});
    expect(withPhoto(a, 'p2', undefined)).toBe(a);
    expect(a).toEqual({ p1: 'ph_a' }); // never changed in place
  });

  it('takes the server’s map, then one’s own change at once', async () => {
    await loadPhotos(async () => ({ photos: { p1: 'ph_a', p2: 'ph_b' } }));
    expect(photoStore.get()).toEqual({ p1: 'ph_a', p2: 'ph_b' });
    notePhoto({ id: 'p2', photo_version: null });
    notePhoto({ id: 'p3', photo_version: 'ph_c' });
    expect(photoStore.get()).toEqual({ p1: 'ph_a', p3: 'ph_c' });
  });

  it('keeps a change made while a load was on its way, and drops an overtaken answer', async () => {
    const slow = deferred<{ photos: Record<string, string> }>();
    const first = loadPhotos(() => slow.promise);
    notePhoto({ id: 'me', photo_version: 'ph_new' }); // uploaded before the answer came
    slow.resolve({ photos: { me: 'ph_old', p1: 'ph_a' } });
    await first;
    expect(photoStore.get()).toEqual({ me: 'ph_new', p1: 'ph_a' });

    const older = deferred<{ photos: Record<string, string> }>();
    const a = loadPhotos(() => older.promise);
    const b = loadPhotos(async () => ({ photos: { p1: 'ph_b' } }));
    await b;
    older.resolve({ photos: { p1: 'ph_stale' } });
    await a;
    expect(photoStore.get()).toEqual({ p1: 'ph_b' });
  });

  it('forgets everything on signing out, even an answer still on its way', async () => {
    const slow = deferred<{ photos: Record<string, string> }>();
    const load = loadPhotos(() => slow.promise);
    clearPhotos();
    slow.resolve({ photos: { p1: 'ph_a' } });
    await load;
    expect(photoStore.get()).toEqual({});
    await expect(loadPhotos(async () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(photoStore.get()).toEqual({});
  });

  it('puts the version in the URL (new photo, new URL) and asks for the small one for lists', () => {
    expect(photoUrl('p 1', 'ph_a', 'large')).toBe('/api/v1/people/p%201/photo?v=ph_a');
    expect(photoUrl('p1', 'ph_a', 'small')).toBe('/api/v1/people/p1/photo?v=ph_a&size=small');
  });
});
