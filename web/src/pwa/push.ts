/**
 * Web Push on this device, for the notification settings: ask permission, subscribe the browser with
 * the server's VAPID key, and register the subscription with the server (which encrypts every push
 * for it, RFC 8291). Server calls go through api/http.ts, so writes carry the X-CSRF-Token.
 */
import { api } from '../api/client';

export type PushFailure = 'unsupported' | 'denied' | 'no_service_worker';

export class PushError extends Error {
  constructor(readonly reason: PushFailure) {
    super(reason);
    this.name = 'PushError';
  }
}

export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return registration ? registration.pushManager.getSubscription() : null;
}

/** Asks permission (when not yet given) and subscribes this browser; returns what the server needs. */
export async function subscribe(vapidPublicKeyBase64url: string): Promise<PushSubscriptionJSON> {
  if (!pushSupported()) throw new PushError('unsupported');
  if ((await Notification.requestPermission()) !== 'granted') throw new PushError('denied');
  // `ready` never settles without a registration (dev server, or right after "end and erase")
  if (!(await navigator.serviceWorker.getRegistration('/'))) throw new PushError('no_service_worker');
  const registration = await navigator.serviceWorker.ready;
  const key = base64UrlToBytes(vapidPublicKeyBase64url);
  const existing = await registration.pushManager.getSubscription();
  if (existing && sameBytes(existing.options.applicationServerKey, key)) return existing.toJSON();
  await existing?.unsubscribe(); // made for another server key: the push service would refuse our pushes
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  return subscription.toJSON();
}

/** Drops this browser's subscription; false when there was none. */
export async function unsubscribe(): Promise<boolean> {
  const subscription = await currentSubscription();
  return subscription ? subscription.unsubscribe() : false;
}

/** Turns push on for this device end to end; returns the server's id of the subscription. */
export async function turnOnPush(): Promise<string> {
  const { public_key } = await api.pushKey();
  const { id } = await api.addPushSubscription(subscriptionBody(await subscribe(public_key)));
  return id;
}

/** Turns push off for this device: forgotten by the server, then by the browser. */
export async function turnOffPush(): Promise<void> {
  const { items } = await api.pushSubscriptions();
  const mine = items.find((s) => s.current);
  if (mine) await api.removePushSubscription(mine.id);
  await unsubscribe();
}

/** The POST /push/subscriptions body from a browser subscription. */
export function subscriptionBody(json: PushSubscriptionJSON): { endpoint: string; keys: { p256dh: string; auth: string } } {
  const { endpoint, keys } = json;
  if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error('the browser returned an incomplete push subscription');
  return { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const view = new Uint8Array(a);
  return view.every((x, i) => x === b[i]);
}
