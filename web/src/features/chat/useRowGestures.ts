import { useEffect, useRef, type MouseEvent, type RefObject, type TouchEvent } from 'react';
import { LONG_PRESS_MS, endGesture, moveGesture, startGesture, swipeOffset, swipeProgress, type Dir, type GestureState } from './gestures';

interface Options {
  /** What moves with the finger (the bubble's line). */
  line: RefObject<HTMLElement>;
  /** The reply icon that fades in behind it. */
  cue: RefObject<HTMLElement>;
  /** Opens the message menu (long press, right-click); null: this message has no menu. */
  onMenu: (() => void) | null;
  /** Starts a reply (swipe); null: no swipe here (cannot post, or a thread view). */
  onReply: (() => void) | null;
}

/**
 * Touch handlers for one message row: long press -> menu, sideways drag toward the end -> reply.
 * The drag is drawn by writing the transform directly: re-rendering a row per touchmove would be
 * far too slow on a cheap phone. The decisions themselves live in gestures.ts.
 */
export function useRowGestures({ line, cue, onMenu, onReply }: Options) {
  const g = useRef<GestureState | null>(null);
  const dir = useRef<Dir>('ltr');
  const timer = useRef<number | undefined>(undefined);
  const opened = useRef(false);
  const latest = useRef({ onMenu, onReply });
  latest.current = { onMenu, onReply };

  useEffect(() => () => window.clearTimeout(timer.current), []);

  function paint(dx: number, settling: boolean) {
    const el = line.current;
    if (el) {
      el.classList.toggle('settling', settling);
      el.classList.toggle('swiping', !settling && dx !== 0);
      el.style.transform = dx ? `translateX(${swipeOffset(dx, dir.current)}px)` : '';
    }
    if (cue.current) cue.current.style.opacity = dx ? String(swipeProgress(dx, dir.current)) : '0';
  }

  function stop() {
    window.clearTimeout(timer.current);
    const was = g.current;
    g.current = null;
    if (was?.axis === 'x') paint(0, true);
  }

  return {
    onTouchStart(e: TouchEvent<HTMLElement>) {
      if (e.touches.length !== 1) return stop(); // a pinch is not ours
      const t = e.touches[0];
      g.current = startGesture(t.clientX, t.clientY);
      opened.current = false;
      dir.current = getComputedStyle(e.currentTarget).direction === 'rtl' ? 'rtl' : 'ltr';
      window.clearTimeout(timer.current);
      if (!latest.current.onMenu) return;
      timer.current = window.setTimeout(() => {
        if (!g.current?.holding) return;
        g.current = null;
        opened.current = true;
        navigator.vibrate?.(10);
        latest.current.onMenu?.();
      }, LONG_PRESS_MS);
    },
    onTouchMove(e: TouchEvent<HTMLElement>) {
      const cur = g.current;
      if (!cur || e.touches.length !== 1) return;
      const t = e.touches[0];
      const next = moveGesture(cur, t.clientX, t.clientY);
      if (!next.holding) window.clearTimeout(timer.current);
      if (next.axis === 'y') {
        g.current = null; // a scroll: nothing more to do with this finger
        return;
      }
      g.current = next;
      if (next.axis === 'x' && latest.current.onReply) paint(next.dx, false);
    },
    onTouchEnd(e: TouchEvent<HTMLElement>) {
      window.clearTimeout(timer.current);
      if (opened.current) {
        // the finger lifting after the menu opened must not also tap what was under it
        e.preventDefault();
        opened.current = false;
        return;
      }
      const cur = g.current;
      g.current = null;
      if (cur?.axis !== 'x') return;
      paint(0, true);
      if (endGesture(cur, dir.current) === 'reply') latest.current.onReply?.();
    },
    onTouchCancel: stop,
    onContextMenu(e: MouseEvent<HTMLElement>) {
      // right-click on a desktop; Android also sends it for a long press (opening twice is harmless)
      if (!latest.current.onMenu) return;
      e.preventDefault();
      if (g.current) opened.current = true; // from a finger: its lift must not tap either
      stop();
      latest.current.onMenu();
    },
  };
}
