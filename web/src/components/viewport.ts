// Screen-size plumbing for the app shell: which layout (phone or two panes), and how much of the
// screen the on-screen keyboard leaves.
import { useEffect, useSyncExternalStore, type RefObject } from 'react';

/** From this width the chats show as two panes (list beside the open conversation). */
export const WIDE = '(min-width: 900px)';

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', onChange);
      return () => m.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

export interface ViewportBox {
  height: number;
  offsetTop: number;
  scale?: number;
}

/**
 * The custom properties for the chat screen: the visible height and where it starts. Chrome on
 * Android and Safari shrink only the visual viewport when the keyboard opens (100dvh stays the
 * whole screen), so without these the composer sits under the keyboard.
 */
export function viewportVars(vv: ViewportBox | null, innerHeight: number): Record<'--vv-h' | '--vv-top', string> {
  // pinch-zoomed: the visual viewport is the magnified part, and the screen must not shrink to it
  const usable = vv && vv.height > 0 && (vv.scale ?? 1) < 1.01;
  const height = usable ? vv.height : innerHeight;
  // Safari scrolls the layout viewport to the focused field; the fixed screen follows it
  const top = usable ? Math.max(0, vv.offsetTop) : 0;
  return { '--vv-h': `${Math.round(height)}px`, '--vv-top': `${Math.round(top)}px` };
}

/** While `active`, keeps --vv-h and --vv-top on <html> equal to the visual viewport. */
export function useVisualViewport(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const root = document.documentElement;
    const vv = window.visualViewport;
    const apply = () => {
      for (const [k, v] of Object.entries(viewportVars(vv, window.innerHeight))) root.style.setProperty(k, v);
    };
    apply();
    vv?.addEventListener('resize', apply);
    vv?.addEventListener('scroll', apply);
    window.addEventListener('resize', apply);
    return () => {
      vv?.removeEventListener('resize', apply);
      vv?.removeEventListener('scroll', apply);
      window.removeEventListener('resize', apply);
      root.style.removeProperty('--vv-h');
      root.style.removeProperty('--vv-top');
    };
  }, [active]);
}

/** Whether a horizontal scroller is at its end edge (left in Arabic, where scrollLeft runs negative). */
export function atScrollEnd(scrollLeft: number, clientWidth: number, scrollWidth: number): boolean {
  return Math.abs(scrollLeft) + clientWidth >= scrollWidth - 2;
}

/** Keeps --header-h on <html> equal to the sticky app header's height (scroll targets clear it). */
export function useHeaderHeight(header: RefObject<HTMLElement>): void {
  useEffect(() => {
    const el = header.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    // a hidden header (a phone's conversation) measures 0: nothing then sits under it
    const ro = new ResizeObserver(() => root.style.setProperty('--header-h', `${Math.round(el.getBoundingClientRect().height)}px`));
    ro.observe(el);
    return () => {
      ro.disconnect();
      root.style.removeProperty('--header-h');
    };
  }, [header]);
}
