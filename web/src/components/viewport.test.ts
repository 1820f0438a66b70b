import { describe, expect, it } from 'vitest';
import { atScrollEnd, viewportVars } from './viewport';

describe('viewportVars', () => {
  it('follows the visual viewport, which the keyboard shrinks', () => {
    expect(viewportVars({ height: 412.4, offsetTop: 0 }, 844)).toEqual({ '--vv-h': '412px', '--vv-top': '0px' });
    expect(viewportVars({ height: 400, offsetTop: 300.6 }, 844)).toEqual({ '--vv-h': '400px', '--vv-top': '301px' });
  });
  it('falls back to the window without a visual viewport, or with a broken one', () => {
    expect(viewportVars(null, 844)).toEqual({ '--vv-h': '844px', '--vv-top': '0px' });
    expect(viewportVars({ height: 0, offsetTop: -5 }, 700)).toEqual({ '--vv-h': '700px', '--vv-top': '0px' });
  });
  it('ignores a pinch zoom: the screen keeps its size and the person pans over it', () => {
    expect(viewportVars({ height: 422, offsetTop: 200, scale: 2 }, 844)).toEqual({ '--vv-h': '844px', '--vv-top': '0px' });
    expect(viewportVars({ height: 500, offsetTop: 0, scale: 1 }, 844)).toEqual({ '--vv-h': '500px', '--vv-top': '0px' });
  });
});

describe('atScrollEnd', () => {
  it('is true only when the last tab is in view, in either direction', () => {
    expect(atScrollEnd(0, 390, 900)).toBe(false);
    expect(atScrollEnd(510, 390, 900)).toBe(true);
    // right-to-left: scrollLeft goes from 0 to minus the overflow
    expect(atScrollEnd(-200, 390, 900)).toBe(false);
    expect(atScrollEnd(-509.5, 390, 900)).toBe(true);
    // nothing to scroll
    expect(atScrollEnd(0, 390, 390)).toBe(true);
  });
});
