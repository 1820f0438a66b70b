// A voice note in a message: play/pause, a seekable position, time and length, speed. The
// <audio> element has no controls of its own: the browsers' players differ, do not follow the
// page's direction, and are too wide for a bubble on a phone.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { Attachment } from '../../../api/schemas';
import { useI18n } from '../../../i18n';
import { LengthProbe, formatClock, formatRate, nextRate } from './voiceFormat';
import './voice.css';

// Only one note plays at a time: starting one pauses the one before, wherever it is on the page.
let playing: HTMLAudioElement | null = null;

function Glyph({ d }: { d: string }) {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="currentColor" className="icon">
      <path d={d} />
    </svg>
  );
}
const PLAY = 'M7 4.5v15a1 1 0 0 0 1.5.86l12-7.5a1 1 0 0 0 0-1.72l-12-7.5A1 1 0 0 0 7 4.5z';
const PAUSE = 'M6 4h4v16H6zM14 4h4v16h-4z';

export function VoicePlayer({ a }: { a: Attachment }) {
  const { t, lang } = useI18n();
  const audio = useRef<HTMLAudioElement>(null);
  const [paused, setPaused] = useState(true);
  const [time, setTime] = useState(0);
  // the server measured the length: shown before the file is loaded
  const [duration, setDuration] = useState(a.duration_ms ? a.duration_ms / 1000 : NaN);
  const [rate, setRate] = useState(1);
  const [failed, setFailed] = useState(false);
  // MediaRecorder's WebM has no length in its header (Chromium says Infinity): a far seek finds it
  const [probe] = useState(() => new LengthProbe());
  const file = `/api/v1/attachments/${encodeURIComponent(a.id)}`;
  // Chromium's recordings (Opus) come with an MP3 copy, which iPhone Safari plays too; its header
  // gives the length and it seeks well. The file itself plays where there is no copy.
  const src = a.has_voice_copy ? `${file}/voice-copy` : file;

  // The media events are React props, attached as the element is made: an answer that fails at
  // once (or metadata from the cache) can come before an effect would have added listeners.
  function onMeta(el: HTMLAudioElement) {
    const length = probe.metadata(el);
    if (length !== null) setDuration(length);
  }
  function onDuration(el: HTMLAudioElement) {
    const length = probe.durationChanged(el);
    if (length !== null) setDuration(length);
  }
  function onPlay(el: HTMLAudioElement) {
    if (playing && playing !== el) playing.pause();
    playing = el;
    setPaused(false);
  }
  function onPause(el: HTMLAudioElement) {
    if (playing === el) playing = null;
    setPaused(true);
  }
  function onEnded(el: HTMLAudioElement) {
    onPause(el);
    // the length is surely known at the end, and the next play starts from the beginning
    onDuration(el);
    el.currentTime = 0;
    setTime(0);
  }
  // a note scrolled away (or deleted) while playing stops, and frees the "one at a time" slot
  useEffect(() => {
    const el = audio.current;
    return () => {
      if (el && playing === el) {
        el.pause();
        playing = null;
      }
    };
  }, []);

  function toggle() {
    const el = audio.current;
    if (!el) return;
    if (!el.paused) {
      el.pause();
      return;
    }
    // pressed before the length was found: play from the start, the length comes at the end
    probe.interrupt(el);
    el.playbackRate = rate;
    el.play().catch(() => {
      // refused (no user gesture) or undecodable: the error event, if any, says which
    });
  }

  function seek(to: number) {
    const el = audio.current;
    if (!el || !Number.isFinite(to)) return;
    probe.running = false;
    el.currentTime = to;
    setTime(to);
  }

  function changeRate() {
    const next = nextRate(rate);
    setRate(next);
    if (audio.current) audio.current.playbackRate = next;
  }

  const length = Number.isFinite(duration) ? duration : 0;
  const pct = length ? Math.min(100, (time / length) * 100) : 0;
  const now = formatClock(time, lang);
  const total = formatClock(duration, lang);

  if (failed) {
    // a format this browser cannot play (an older iPhone and WebM): the file is still there to download
    return (
      <a href={file} download={a.name} className="att-file voice-failed" data-testid="voice-player" data-state="failed">
        <span>{t('voice.cannot_play')}</span> <bdi>{a.name}</bdi>
      </a>
    );
  }

  return (
    <div className="voice-player" data-testid="voice-player" data-state={paused ? 'paused' : 'playing'} role="group" aria-label={t('voice.note')}>
      <audio
        ref={audio}
        src={src}
        preload="metadata"
        onLoadedMetadata={(e) => onMeta(e.currentTarget)}
        onDurationChange={(e) => onDuration(e.currentTarget)}
        onTimeUpdate={(e) => {
          if (!probe.running) setTime(e.currentTarget.currentTime);
        }}
        onPlay={(e) => onPlay(e.currentTarget)}
        onPause={(e) => onPause(e.currentTarget)}
        onEnded={(e) => onEnded(e.currentTarget)}
        // a format this browser cannot play, or a file it could not fetch: offer the download
        onError={() => setFailed(true)}
        data-testid="voice-audio"
      />
      <button type="button" className="voice-play" onClick={toggle} aria-label={paused ? t('voice.play') : t('voice.pause')} data-testid="voice-play">
        <Glyph d={paused ? PLAY : PAUSE} />
      </button>
      <input
        type="range"
        className="voice-seek"
        min={0}
        max={length || 1}
        step="any"
        value={Math.min(time, length || 1)}
        disabled={!length}
        onChange={(e) => seek(Number(e.target.value))}
        aria-label={t('voice.position')}
        aria-valuetext={t('voice.position_value', { time: now, duration: total })}
        style={{ '--pct': `${pct}%` } as CSSProperties}
        data-testid="voice-seek"
      />
      <span className="voice-time" data-testid="voice-time">
        <span>{now}</span> / <span data-testid="voice-duration">{total}</span>
      </span>
      <button type="button" className="voice-rate" onClick={changeRate} aria-label={t('voice.speed', { rate: formatRate(rate, lang) })} data-testid="voice-rate">
        {formatRate(rate, lang)}
      </button>
    </div>
  );
}
