/**
 * Touch gestures on a message, as pure decisions (no DOM) so they can be tested: a long press opens
 * the message menu, a horizontal drag toward the end of the reading direction starts a reply.
 * The row only feeds touch positions in and applies what comes out.
 */

/** How long a finger must rest on a message before its menu opens (WhatsApp is about this). */
export const LONG_PRESS_MS = 450;
/** Movement (px) below which a finger still counts as resting; past it the axis is decided. */
export const SLOP_PX = 10;
/** How far (px) the bubble must be dragged to start a reply when let go. */
export const SWIPE_REPLY_PX = 60;
/** The bubble follows the finger up to here (px), then stops. */
export const SWIPE_MAX_PX = 90;

export type Dir = 'ltr' | 'rtl';
export type Axis = 'undecided' | 'x' | 'y';

/**
 * Which way a drag goes, decided once the finger has moved SLOP_PX: before that a small wobble must
 * neither scroll-lock nor swipe. Ties go to vertical, so scrolling wins when in doubt.
 */
export function decideAxis(dx: number, dy: number, slop = SLOP_PX): Axis {
  if (Math.max(Math.abs(dx), Math.abs(dy)) < slop) return 'undecided';
  return Math.abs(dx) > Math.abs(dy) ? 'x' : 'y';
}

/** Distance dragged toward the reading direction's end: right in English, left in Arabic. */
export function towardEnd(dx: number, dir: Dir): number {
  return dir === 'rtl' ? -dx : dx;
}

/** Where the bubble is drawn (px along x, signed like dx): it never moves the wrong way, and stops at the maximum. */
export function swipeOffset(dx: number, dir: Dir): number {
  const d = Math.min(Math.max(towardEnd(dx, dir), 0), SWIPE_MAX_PX);
  return dir === 'rtl' && d > 0 ? -d : d; // never -0: a transform of -0px is fine, a comparison is not
}

/** 0..1: how close the drag is to starting a reply (the reply icon fades in with it). */
export function swipeProgress(dx: number, dir: Dir): number {
  return Math.min(Math.max(towardEnd(dx, dir), 0) / SWIPE_REPLY_PX, 1);
}

/** What one finger on a message has become so far. */
export interface GestureState {
  x0: number;
  y0: number;
  axis: Axis;
  /** The long press may still fire: the finger has not moved beyond the slop. */
  holding: boolean;
  dx: number;
}

export function startGesture(x: number, y: number): GestureState {
  return { x0: x, y0: y, axis: 'undecided', holding: true, dx: 0 };
}

/** The finger moved: decide the axis once, and stop the long press as soon as it moves at all. */
export function moveGesture(g: GestureState, x: number, y: number): GestureState {
  const dx = x - g.x0;
  const dy = y - g.y0;
  const axis = g.axis === 'undecided' ? decideAxis(dx, dy) : g.axis;
  return { ...g, axis, dx, holding: g.holding && axis === 'undecided' };
}

/** The finger lifted: a horizontal drag far enough toward the end is a reply; anything else is nothing. */
export function endGesture(g: GestureState, dir: Dir): 'reply' | 'none' {
  return g.axis === 'x' && towardEnd(g.dx, dir) >= SWIPE_REPLY_PX ? 'reply' : 'none';
}
