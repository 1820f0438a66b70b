import { api } from '../../api/client';

/** Where a person lands after signing in: a link they followed wins; else, with conversations to
 * catch up on, the catch-up screen; else where they were going. */
export function chooseLanding(requested: string, pendingCatchUp: number): string {
  if (requested !== '/') return requested;
  return pendingCatchUp > 0 ? '/catch-up' : requested;
}

let remembered: string | null = null;

/** The landing chosen at the last sign-in, for the redirect away from the sign-in page (which
 * happens as soon as the session is set, before the page's own navigation). */
export function rememberedLanding(): string | null {
  return remembered;
}

/** chooseLanding with the server's catch-up count (the session cookie is set by then); if that
 * cannot be read, where they were going. Call before the session is stored. */
export async function landingAfterSignIn(requested: string): Promise<string> {
  remembered = null;
  let landing = requested;
  if (requested === '/') {
    try {
      landing = chooseLanding(requested, (await api.catchUp()).pending);
    } catch {
      landing = requested;
    }
  }
  remembered = landing;
  return landing;
}
