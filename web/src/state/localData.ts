/**
 * What this browser keeps for the signed-in person, and erasing it when their session ends: a
 * leaver's phone must not keep the company's messages. Everything the app can reach goes —
 * localStorage, sessionStorage, IndexedDB, Cache Storage and service workers — so the storage is
 * empty afterwards (the language choice with it). A mark tells, at start, whether a session lived
 * here: a 401 then means it was revoked, and the same erasing runs.
 */
const SESSION_MARK = 'muster.session';

export function markSession(): void {
  try {
    localStorage.setItem(SESSION_MARK, '1');
  } catch {
    /* storage disabled: nothing kept, nothing to erase */
  }
}

export function hadSession(): boolean {
  try {
    return localStorage.getItem(SESSION_MARK) === '1';
  } catch {
    return false;
  }
}

export async function eraseLocalData(): Promise<void> {
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    /* storage disabled */
  }
  const jobs: Promise<unknown>[] = [];
  if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {
    jobs.push(
      indexedDB.databases().then((dbs) =>
        Promise.all(dbs.map((db) => (db.name ? new Promise((done) => {
          const req = indexedDB.deleteDatabase(db.name!);
          req.onsuccess = req.onerror = req.onblocked = () => done(undefined);
        }) : undefined))),
      ),
    );
  }
  if (typeof caches !== 'undefined') jobs.push(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
  if (typeof navigator !== 'undefined' && navigator.serviceWorker)
    jobs.push(navigator.serviceWorker.getRegistrations().then((regs) => Promise.all(regs.map((r) => r.unregister()))));
  await Promise.allSettled(jobs);
}
