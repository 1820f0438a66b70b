import { describe, expect, it } from 'vitest';
import { SWIPE_MAX_PX, SWIPE_REPLY_PX, decideAxis, endGesture, moveGesture, startGesture, swipeOffset, swipeProgress } from './gestures';

/** Feeds a finger's path into the gesture logic, as the row does. */
function drag(path: [number, number][], dir: 'ltr' | 'rtl' = 'ltr') {
  let g = startGesture(100, 300);
  for (const [x, y] of path) g = moveGesture(g, 100 + x, 300 + y);
  return { g, result: endGesture(g, dir) };
}

describe('decideAxis', () => {
  it('waits until the finger has moved 10 px, then picks the larger movement', () => {
    expect(decideAxis(6, 7)).toBe('undecided');
    expect(decideAxis(12, 3)).toBe('x');
    expect(decideAxis(-3, 12)).toBe('y');
  });
  it('gives a diagonal tie to scrolling', () => {
    expect(decideAxis(15, -15)).toBe('y');
  });
});

describe('swipe to reply', () => {
  it('replies after a drag of more than 60 px to the right in English', () => {
    expect(drag([[12, 2], [40, 4], [SWIPE_REPLY_PX + 5, 6]]).result).toBe('reply');
  });
  it('replies after a drag to the left in Arabic, and not to the right', () => {
    expect(drag([[-12, 2], [-70, 3]], 'rtl').result).toBe('reply');
    expect(drag([[12, 2], [70, 3]], 'rtl').result).toBe('none');
  });
  it('does nothing for a drag that is too short or goes the wrong way', () => {
    expect(drag([[12, 0], [50, 0]]).result).toBe('none');
    expect(drag([[-12, 0], [-80, 0]]).result).toBe('none');
  });
  it('keeps a scroll a scroll: once vertical, a later sideways movement never replies', () => {
    const { g, result } = drag([[2, 14], [30, 40], [90, 60]]);
    expect(g.axis).toBe('y');
    expect(result).toBe('none');
  });
  it('moves the bubble only toward the end and never beyond the maximum', () => {
    expect(swipeOffset(40, 'ltr')).toBe(40);
    expect(swipeOffset(-40, 'ltr')).toBe(0);
    expect(swipeOffset(500, 'ltr')).toBe(SWIPE_MAX_PX);
    expect(swipeOffset(-500, 'rtl')).toBe(-SWIPE_MAX_PX);
    expect(swipeOffset(40, 'rtl')).toBe(0);
    expect(swipeProgress(30, 'ltr')).toBeCloseTo(0.5);
    expect(swipeProgress(200, 'ltr')).toBe(1);
  });
});

describe('long press', () => {
  it('may still fire while the finger rests, and stops once it moves past the slop', () => {
    let g = startGesture(10, 10);
    g = moveGesture(g, 14, 13);
    expect(g.holding).toBe(true);
    g = moveGesture(g, 10, 24); // a scroll begins
    expect(g.holding).toBe(false);
    g = moveGesture(g, 10, 11); // coming back does not re-arm it
    expect(g.holding).toBe(false);
  });
});
