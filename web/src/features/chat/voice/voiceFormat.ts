// Pure decisions behind voice notes (recording format, the hold gesture, clock text), kept apart
// from the components so they can be unit tested without a microphone or a media element.
import type { Lang } from '../../../i18n';

/** A note stops and is sent by itself after five minutes: longer is a call, and a big upload on a phone. */
export const MAX_VOICE_MS = 5 * 60 * 1000;
/** How far the finger slides toward the reading start to cancel, and up to lock. */
export const CANCEL_PX = 80;
export const LOCK_PX = 60;
/** A press released sooner than this was a tap (or a click): it locks instead of sending a blip. */
export const TAP_MS = 350;

// The browsers' own formats in order: Opus in WebM (Chromium, Firefox), AAC in MP4 (Safari), then Opus in Ogg.
const CANDIDATES = [
  { type: 'audio/webm;codecs=opus', base: 'audio/webm', ext: 'webm' },
  { type: 'audio/mp4', base: 'audio/mp4', ext: 'm4a' },
  { type: 'audio/ogg;codecs=opus', base: 'audio/ogg', ext: 'ogg' },
] as const;

export interface RecordingFormat {
  /** What MediaRecorder is asked for; '' lets the browser choose. */
  type: string;
  /** The container without codecs: the upload's Content-Type. */
  base: string;
  ext: string;
}

/** The first format this browser can record, or '' (its default) when it supports none of them. */
export function pickRecordingFormat(isTypeSupported: (type: string) => boolean): RecordingFormat {
  for (const c of CANDIDATES) {
    try {
      if (isTypeSupported(c.type)) return { ...c };
    } catch {
      // an old WebKit throws for types it does not know: try the next
    }
  }
  return { type: '', base: '', ext: '' };
}

/** The format of what a recorder actually made (its mimeType), for a browser that chose by itself. */
export function formatOfType(mimeType: string): RecordingFormat {
  const base = mimeType.split(';')[0].trim().toLowerCase();
  const known = CANDIDATES.find((c) => c.base === base);
  if (known) return { type: mimeType, base, ext: known.ext };
  // video/webm or video/mp4 from a recorder given no type: still audio only, named as audio
  if (base.endsWith('/webm')) return { type: mimeType, base: 'audio/webm', ext: 'webm' };
  if (base.endsWith('/mp4')) return { type: mimeType, base: 'audio/mp4', ext: 'm4a' };
  return { type: mimeType, base: base || 'application/octet-stream', ext: 'webm' };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "voice-2026-12-06-1030.webm": the local time it was recorded, so a download says when. */
export function voiceFileName(at: Date, ext: string): string {
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `voice-${day}-${pad(at.getHours())}${pad(at.getMinutes())}.${ext}`;
}

export type HoldDecision = 'hold' | 'cancel' | 'lock';

/**
 * What a finger that pressed the microphone and moved by (dx, dy) pixels means. Cancelling slides
 * toward the reading start (left in English, right in Arabic), locking slides up; `slide` and
 * `rise` (never negative) drive the hints while the finger moves. The larger move wins when both pass.
 */
export function holdDecision(dx: number, dy: number, dir: 'ltr' | 'rtl'): { decision: HoldDecision; slide: number; rise: number } {
  const slide = Math.max(0, dir === 'rtl' ? dx : -dx);
  const rise = Math.max(0, -dy);
  const cancel = slide >= CANCEL_PX;
  const lock = rise >= LOCK_PX;
  const decision: HoldDecision = cancel && lock ? (slide / CANCEL_PX >= rise / LOCK_PX ? 'cancel' : 'lock') : cancel ? 'cancel' : lock ? 'lock' : 'hold';
  return { decision, slide, rise };
}

/** "1:05", "١:٠٥" in Arabic: minutes and two-digit seconds in the reader's digits; "–:––" when unknown. */
export function formatClock(seconds: number, lang: Lang): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–:––';
  const whole = Math.floor(seconds);
  const locale = lang === 'ar' ? 'ar' : 'en';
  const min = new Intl.NumberFormat(locale, { useGrouping: false }).format(Math.floor(whole / 60));
  const sec = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false }).format(whole % 60);
  return `${min}:${sec}`;
}

/** "1.5×" / "١٫٥×". */
export function formatRate(rate: number, lang: Lang): string {
  return `${new Intl.NumberFormat(lang === 'ar' ? 'ar' : 'en', { maximumFractionDigits: 1 }).format(rate)}×`;
}

export const RATES = [1, 1.5, 2] as const;
export const nextRate = (rate: number) => RATES[(RATES.indexOf(rate as (typeof RATES)[number]) + 1) % RATES.length];

/** A content type that the voice player (not the file link) shows. */
export const isAudio = (contentType: string | null | undefined) => (contentType ?? '').toLowerCase().startsWith('audio/');

/** What the length probe touches of an <audio> element. */
export interface MediaTimes {
  duration: number;
  currentTime: number;
}

/**
 * Finds the length of a file whose header does not give it (MediaRecorder's WebM: Chromium says
 * Infinity): a seek far past the end makes the browser read to the end, then it goes back to the start.
 */
export class LengthProbe {
  static readonly FAR = 1e101;
  /** A probe runs: its time updates are not the listener's. */
  running = false;

  private static known(m: MediaTimes): boolean {
    return Number.isFinite(m.duration) && m.duration > 0;
  }

  /** At loadedmetadata: the length if the header gave it; else the probe starts and null. */
  metadata(m: MediaTimes): number | null {
    if (LengthProbe.known(m)) return m.duration;
    this.running = true;
    m.currentTime = LengthProbe.FAR;
    return null;
  }

  /** At durationchange (and at the end): the length once known, back at the start if a probe found it. */
  durationChanged(m: MediaTimes): number | null {
    if (!LengthProbe.known(m)) return null;
    if (this.running) {
      this.running = false;
      m.currentTime = 0;
    }
    return m.duration;
  }

  /** The listener plays or seeks before the length was found: the probe gives way (the length comes at the end). */
  interrupt(m: MediaTimes, to = 0): void {
    if (!this.running) return;
    this.running = false;
    m.currentTime = to;
  }
}
