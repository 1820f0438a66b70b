/**
 * A message's client id: unique, and ordered by the time it was made. The server finds a retried
 * send by (author, client id), and ordered ids land at the end of that index instead of on a
 * random page of it (the same reason its own message ids are time-ordered). Any unique id works;
 * ordered ones are cheaper to store.
 */
export function newClientId(now: number = Date.now()): string {
  const random = new Uint8Array(8);
  crypto.getRandomValues(random);
  const hex = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  // Milliseconds in base 36, fixed width so that text order is time order (10 digits last until 5188).
  return `${now.toString(36).padStart(10, '0')}-${hex}`;
}
