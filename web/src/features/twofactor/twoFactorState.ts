/** The signed-in person's two-factor state, for the banner that leads them to set it up. */
import { createStore } from '../../state/store';
import { twoFactorApi, type TwoFactorStatus } from './twoFactorApi';

export const twoFactorStore = createStore<TwoFactorStatus | null>(null);

export function loadTwoFactor(): void {
  twoFactorApi.status().then(
    (s) => twoFactorStore.set(s),
    () => twoFactorStore.set(null),
  );
}

/** Required by the organization and not on: every page shows the way to set it up. */
export function needsSetup(s: TwoFactorStatus | null): boolean {
  return !!s && s.required && !s.enabled;
}
