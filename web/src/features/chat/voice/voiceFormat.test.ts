import { describe, expect, it } from 'vitest';
import { LengthProbe, formatClock, formatOfType, formatRate, holdDecision, isAudio, nextRate, pickRecordingFormat, voiceFileName } from './voiceFormat';

const supports = (...types: string[]) => (t: string) => types.includes(t);

describe('pickRecordingFormat', () => {
  it('takes Opus in WebM where the browser records it (Chromium, Firefox)', () => {
    expect(pickRecordingFormat(supports('audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'))).toEqual({ type: 'audio/webm;codecs=opus', base: 'audio/webm', ext: 'webm' });
  });
  it('takes MP4 on Safari, named .m4a', () => {
    expect(pickRecordingFormat(supports('audio/mp4'))).toEqual({ type: 'audio/mp4', base: 'audio/mp4', ext: 'm4a' });
  });
  it('falls back to Ogg, then to the browser default', () => {
    expect(pickRecordingFormat(supports('audio/ogg;codecs=opus')).ext).toBe('ogg');
    expect(pickRecordingFormat(supports()).type).toBe('');
  });
  it('survives a browser that throws for a type it does not know', () => {
    const picky = (t: string) => {
      if (t.includes('webm')) throw new Error('NotSupportedError');
      return t === 'audio/mp4';
    };
    expect(pickRecordingFormat(picky).ext).toBe('m4a');
  });
});

describe('formatOfType', () => {
  it('names what a recorder made by its container', () => {
    expect(formatOfType('audio/webm;codecs=opus')).toMatchObject({ base: 'audio/webm', ext: 'webm' });
    expect(formatOfType('audio/mp4; codecs="mp4a.40.2"')).toMatchObject({ base: 'audio/mp4', ext: 'm4a' });
    expect(formatOfType('video/webm')).toMatchObject({ base: 'audio/webm', ext: 'webm' });
  });
});

describe('voiceFileName', () => {
  it('says the local day and time, with the extension of the format', () => {
    expect(voiceFileName(new Date(2026, 11, 6, 10, 30, 59), 'webm')).toBe('voice-2026-12-06-1030.webm');
    expect(voiceFileName(new Date(2027, 0, 2, 7, 5), 'm4a')).toBe('voice-2027-01-02-0705.m4a');
  });
});

describe('holdDecision', () => {
  it('cancels after 80 px toward the reading start: left in English', () => {
    expect(holdDecision(-79, 0, 'ltr').decision).toBe('hold');
    expect(holdDecision(-80, 0, 'ltr').decision).toBe('cancel');
    // toward the end does nothing, whatever the distance
    expect(holdDecision(200, 0, 'ltr')).toEqual({ decision: 'hold', slide: 0, rise: 0 });
  });
  it('cancels after 80 px to the right in Arabic, and not to the left', () => {
    expect(holdDecision(85, 5, 'rtl').decision).toBe('cancel');
    expect(holdDecision(-150, 0, 'rtl').decision).toBe('hold');
    expect(holdDecision(40, 0, 'rtl').slide).toBe(40);
  });
  it('locks after 60 px up in either direction; down does nothing', () => {
    expect(holdDecision(0, -60, 'ltr').decision).toBe('lock');
    expect(holdDecision(0, -60, 'rtl').decision).toBe('lock');
    expect(holdDecision(0, -59, 'ltr').decision).toBe('hold');
    expect(holdDecision(0, 120, 'ltr').decision).toBe('hold');
  });
  it('lets the larger move win when a diagonal passes both', () => {
    expect(holdDecision(-90, -61, 'ltr').decision).toBe('cancel');
    expect(holdDecision(-81, -100, 'ltr').decision).toBe('lock');
    expect(holdDecision(81, -100, 'rtl').decision).toBe('lock');
  });
});

describe('formatClock', () => {
  it('writes minutes and two-digit seconds', () => {
    expect(formatClock(0, 'en')).toBe('0:00');
    expect(formatClock(65.9, 'en')).toBe('1:05');
    expect(formatClock(300, 'en')).toBe('5:00');
  });
  it('uses the digits the app shows elsewhere in Arabic (times, sizes), whichever the runtime’s CLDR picks', () => {
    // CLDR 42+ writes plain "ar" with Latin digits, older data with Arabic-Indic ones; the clock follows suit
    const ar = new Intl.NumberFormat('ar');
    expect(formatClock(65, 'ar')).toBe(`${ar.format(1)}:${ar.format(0)}${ar.format(5)}`);
    expect(formatClock(600, 'ar')).toBe(`${ar.format(10)}:${ar.format(0)}${ar.format(0)}`);
    expect(formatRate(1.5, 'ar')).toBe(`${ar.format(1.5)}×`);
  });
  it('shows an unknown length as dashes, never "Infinity" or "NaN"', () => {
    expect(formatClock(Infinity, 'en')).toBe('–:––');
    expect(formatClock(NaN, 'ar')).toBe('–:––');
  });
});

describe('playback speed', () => {
  it('cycles 1× → 1.5× → 2× → 1×, written in the reader’s digits', () => {
    expect([nextRate(1), nextRate(1.5), nextRate(2)]).toEqual([1.5, 2, 1]);
    expect(formatRate(1.5, 'en')).toBe('1.5×');
    expect(formatRate(2, 'en')).toBe('2×');
  });
});

describe('isAudio', () => {
  it('plays audio/* only', () => {
    expect(isAudio('audio/webm')).toBe(true);
    expect(isAudio('Audio/MP4')).toBe(true);
    expect(isAudio('application/pdf')).toBe(false);
    expect(isAudio(null)).toBe(false);
  });
});

describe('LengthProbe', () => {
  it('takes the length from the header when there is one', () => {
    const probe = new LengthProbe();
    const m = { duration: 2.5, currentTime: 0 };
    expect(probe.metadata(m)).toBe(2.5);
    expect(probe.running).toBe(false);
    expect(m.currentTime).toBe(0);
  });
  it('finds a WebM’s length with a far seek, then goes back to the start', () => {
    const probe = new LengthProbe();
    const m = { duration: Infinity, currentTime: 0 };
    expect(probe.metadata(m)).toBeNull();
    expect(probe.running).toBe(true);
    expect(m.currentTime).toBeGreaterThan(1e100);
    // the browser read to the end: it knows the length now, and clamps the position there
    m.duration = 2.04;
    m.currentTime = 2.04;
    expect(probe.durationChanged(m)).toBe(2.04);
    expect(m.currentTime).toBe(0);
    expect(probe.running).toBe(false);
  });
  it('ignores a length change that is still unknown', () => {
    const probe = new LengthProbe();
    const m = { duration: Infinity, currentTime: 0 };
    probe.metadata(m);
    expect(probe.durationChanged({ duration: NaN, currentTime: 5 })).toBeNull();
    expect(probe.running).toBe(true);
  });
  it('gives way to a listener who presses play first', () => {
    const probe = new LengthProbe();
    const m = { duration: Infinity, currentTime: 0 };
    probe.metadata(m);
    probe.interrupt(m);
    expect(m.currentTime).toBe(0);
    expect(probe.running).toBe(false);
    // a later change (at the end) does not send the listener back to the start
    m.duration = 3;
    m.currentTime = 1.2;
    expect(probe.durationChanged(m)).toBe(3);
    expect(m.currentTime).toBe(1.2);
  });
});
