// Recording a voice note in the composer, where the send button is while the text box is empty.
// Hold to record and release to send; slide toward the reading start to cancel; slide up to lock
// (hands-free, with Send and Cancel). A tap, a click or Enter/Space starts a locked recording, so
// a mouse and a keyboard reach everything. The note is uploaded like any file, then sent as a
// message with that attachment and no text.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { Attachment } from '../../../api/schemas';
import { uploadAttachment } from '../../../api/upload';
import { ApiError } from '../../../api/http';
import { errorMessage, retryCannotHelp } from '../../../components/errors';
import { dirOf, useI18n } from '../../../i18n';
import { MAX_VOICE_MS, TAP_MS, formatClock, formatOfType, holdDecision, pickRecordingFormat, voiceFileName, type RecordingFormat } from './voiceFormat';
import './voice.css';

type Phase = 'idle' | 'hold' | 'locked' | 'uploading' | 'failed';
type Problem = 'denied' | 'no_microphone' | 'unsupported' | 'insecure' | 'failed';

/** One recording, from the press to its outcome; the callbacks of a stale one see `outcome` set and stop. */
interface Take {
  stream: MediaStream | null;
  recorder: MediaRecorder | null;
  chunks: Blob[];
  format: RecordingFormat;
  /** When the microphone started giving sound (0 until then). */
  startedAt: number;
  outcome: 'send' | 'cancel' | null;
  limit: ReturnType<typeof setTimeout> | null;
}

const MIC = 'M12 15a3 3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zM19 11a7 7 0 0 1-14 0M12 18v3M9 21h6';
const SEND = 'M4 12l16-8-6 16-2.5-6.5z';
const TRASH = 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13';
const LOCK = 'M7 11V8a5 5 0 0 1 10 0v3M6 11h12v9H6z';

function Glyph({ d, size = 22 }: { d: string; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className="icon">
      <path d={d} />
    </svg>
  );
}

function stopTracks(take: Take) {
  take.stream?.getTracks().forEach((tr) => tr.stop());
}

function problemOf(e: unknown): Problem {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return 'no_microphone';
  return 'failed';
}

interface Props {
  /** The uploaded note: the composer sends it (with its reply and urgency, like any message). */
  onRecorded: (attachment: Attachment) => void;
}

export function VoiceRecorder({ onRecorded }: Props) {
  const { t, lang } = useI18n();
  const dir = dirOf(lang);
  const [phase, setPhaseState] = useState<Phase>('idle');
  const phaseRef = useRef<Phase>('idle');
  const setPhase = useCallback((p: Phase) => {
    phaseRef.current = p;
    setPhaseState(p);
  }, []);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [started, setStarted] = useState(false);
  const [drag, setDrag] = useState({ slide: 0, rise: 0 });
  const [progress, setProgress] = useState(0);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const take = useRef<Take | null>(null);
  const press = useRef<{ x: number; y: number; id: number } | null>(null);
  // the click that follows a press the gesture already handled (the button stays under the finger);
  // a time, not a flag: after a touch the click comes in a later task, or not at all
  const swallowUntil = useRef(0);
  const file = useRef<File | null>(null);
  const onRecordedRef = useRef(onRecorded);
  onRecordedRef.current = onRecorded;

  const upload = useCallback(
    (f: File) => {
      file.current = f;
      setPhase('uploading');
      setProgress(0);
      setUploadError(null);
      uploadAttachment(f, setProgress)
        .then((att) => {
          file.current = null;
          setPhase('idle');
          onRecordedRef.current(att);
        })
        .catch((e) => {
          setUploadError(e);
          setPhase('failed');
        });
    },
    [setPhase],
  );

  const finish = useCallback(
    (outcome: 'send' | 'cancel') => {
      const cur = take.current;
      if (!cur || cur.outcome) return;
      cur.outcome = outcome;
      take.current = null;
      press.current = null;
      if (cur.limit) clearTimeout(cur.limit);
      setStarted(false);
      setDrag({ slide: 0, rise: 0 });
      const recorder = cur.recorder;
      if (recorder && recorder.state !== 'inactive') {
        // the last chunk arrives with stop; the note is put together in onstop
        recorder.stop();
        setPhase(outcome === 'send' ? 'uploading' : 'idle');
      } else {
        // the microphone never opened (or is opening: the stream is stopped when it arrives)
        stopTracks(cur);
        setPhase('idle');
      }
    },
    [setPhase],
  );

  const begin = useCallback(
    async (mode: 'hold' | 'locked') => {
      setProblem(null);
      if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
        // browsers offer the microphone only to https pages (and localhost): a server on plain http has none
        setProblem(window.isSecureContext ? 'unsupported' : 'insecure');
        return;
      }
      const cur: Take = { stream: null, recorder: null, chunks: [], format: pickRecordingFormat((x) => MediaRecorder.isTypeSupported(x)), startedAt: 0, outcome: null, limit: null };
      take.current = cur;
      setElapsed(0);
      setStarted(false);
      setPhase(mode);
      try {
        cur.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch (e) {
        if (take.current === cur) {
          take.current = null;
          setPhase('idle');
        }
        if (!cur.outcome) setProblem(problemOf(e));
        return;
      }
      // released or cancelled while the browser asked for the microphone
      if (cur.outcome) {
        stopTracks(cur);
        return;
      }
      try {
        const recorder = new MediaRecorder(cur.stream, cur.format.type ? { mimeType: cur.format.type } : undefined);
        cur.recorder = recorder;
        recorder.ondataavailable = (e) => {
          if (e.data.size) cur.chunks.push(e.data);
        };
        recorder.onstop = () => {
          stopTracks(cur);
          if (cur.outcome === null) {
            // stopped by the browser (a call came in, the microphone went away): send what there is
            cur.outcome = 'send';
            if (cur.limit) clearTimeout(cur.limit);
            if (take.current === cur) take.current = null;
            press.current = null;
            setStarted(false);
            setDrag({ slide: 0, rise: 0 });
          }
          if (cur.outcome !== 'send') return;
          const made = cur.format.base ? cur.format : formatOfType(recorder.mimeType);
          const blob = new Blob(cur.chunks, { type: made.base });
          if (!blob.size) {
            setPhase('idle');
            return;
          }
          upload(new File([blob], voiceFileName(new Date(), made.ext), { type: made.base }));
        };
        // chunks every second: a recording cut short by the phone (a call) still has most of its sound
        recorder.start(1000);
      } catch (e) {
        stopTracks(cur);
        take.current = null;
        setPhase('idle');
        setProblem(problemOf(e));
        return;
      }
      cur.startedAt = performance.now();
      cur.limit = setTimeout(() => finish('send'), MAX_VOICE_MS);
      setStarted(true);
    },
    [finish, setPhase, upload],
  );

  // the clock while recording
  useEffect(() => {
    if (!started) return;
    const tick = () => setElapsed(take.current?.startedAt ? performance.now() - take.current.startedAt : 0);
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [started]);

  // leaving the conversation (or the page) mid-recording sends nothing and frees the microphone
  useEffect(
    () => () => {
      const cur = take.current;
      if (!cur) return;
      cur.outcome = 'cancel';
      if (cur.limit) clearTimeout(cur.limit);
      if (cur.recorder && cur.recorder.state !== 'inactive') cur.recorder.stop();
      stopTracks(cur);
    },
    [],
  );

  function onPointerDown(e: PointerEvent<HTMLButtonElement>) {
    if ((e.pointerType === 'mouse' && e.button !== 0) || phaseRef.current !== 'idle') return;
    // no focus move (the phone's keyboard stays as it is), no text selection, no emulated mouse
    e.preventDefault();
    press.current = { x: e.clientX, y: e.clientY, id: e.pointerId };
    swallowUntil.current = Infinity;
    e.currentTarget.setPointerCapture(e.pointerId);
    void begin('hold');
  }

  function onPointerMove(e: PointerEvent<HTMLButtonElement>) {
    const p = press.current;
    if (!p || p.id !== e.pointerId || phaseRef.current !== 'hold') return;
    const { decision, slide, rise } = holdDecision(e.clientX - p.x, e.clientY - p.y, dir);
    if (decision === 'cancel') finish('cancel');
    else if (decision === 'lock') {
      press.current = null;
      setDrag({ slide: 0, rise: 0 });
      setPhase('locked');
    } else setDrag({ slide, rise });
  }

  function onPointerUp(e: PointerEvent<HTMLButtonElement>) {
    if (swallowUntil.current === Infinity) swallowUntil.current = performance.now() + 800;
    const p = press.current;
    if (!p || p.id !== e.pointerId) return;
    press.current = null;
    if (phaseRef.current !== 'hold') return;
    const startedAt = take.current?.startedAt ?? 0;
    // a tap (or a release while the browser still asks for the microphone) keeps recording, locked
    if (!startedAt || performance.now() - startedAt < TAP_MS) {
      setDrag({ slide: 0, rise: 0 });
      setPhase('locked');
    } else finish('send');
  }

  function onPointerCancel(e: PointerEvent<HTMLButtonElement>) {
    if (swallowUntil.current === Infinity) swallowUntil.current = performance.now() + 800;
    if (press.current?.id === e.pointerId && phaseRef.current === 'hold') finish('cancel');
    press.current = null;
  }

  function onClick(e: MouseEvent<HTMLButtonElement>) {
    // Enter and Space (detail 0) always act; a pointer's click after a hold was the hold's
    if (e.detail !== 0 && performance.now() < swallowUntil.current) return;
    if (phaseRef.current === 'idle') void begin('locked');
    else if (phaseRef.current === 'locked') finish('send');
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape' && (phaseRef.current === 'locked' || phaseRef.current === 'hold')) {
      e.preventDefault();
      e.stopPropagation();
      finish('cancel');
    }
  }

  const recording = phase === 'hold' || phase === 'locked';
  const clock = formatClock(elapsed / 1000, lang);
  const label =
    phase === 'locked' ? t('voice.send') : phase === 'hold' ? t('voice.release_to_send') : phase === 'uploading' ? t('voice.sending') : t('voice.record');

  return (
    <div className={`voice-recorder phase-${phase}`} onKeyDown={onKeyDown} data-testid="voice-recorder" data-phase={phase}>
      {recording ? (
        <div className="voice-panel" data-testid="voice-panel">
          <span className="voice-dot" aria-hidden="true" />
          <span className="voice-clock" role="timer" aria-label={t('voice.recording_time', { time: clock })} data-testid="voice-clock">
            {clock}
          </span>
          {phase === 'hold' ? (
            <span className="voice-slide" style={{ transform: `translateX(${dir === 'rtl' ? drag.slide : -drag.slide}px)` }} data-testid="voice-slide-hint">
              <span aria-hidden="true" className="voice-chevron">
                ‹
              </span>{' '}
              {t('voice.slide_to_cancel')}
            </span>
          ) : (
            <button type="button" className="btn btn-ghost voice-cancel" onClick={() => finish('cancel')} data-testid="voice-cancel">
              <Glyph d={TRASH} size={20} /> <span>{t('voice.cancel')}</span>
            </button>
          )}
        </div>
      ) : phase === 'uploading' || phase === 'failed' ? (
        <div className="voice-panel" data-testid="voice-panel">
          {phase === 'uploading' ? (
            <>
              <span className="voice-status">{t('voice.sending')}</span>
              <progress max={1} value={progress} aria-label={t('voice.sending')} />
            </>
          ) : (
            <>
              <span className="field-error voice-status" role="alert" data-testid="voice-error">
                {t('voice.not_sent')} {uploadError instanceof ApiError && uploadError.code === 'unsupported_media_type' ? t('chat.upload_type_refused') : errorMessage(t, uploadError)}
              </span>
              {uploadError instanceof ApiError && retryCannotHelp(uploadError.code) ? null : (
                <button type="button" className="btn btn-small" onClick={() => file.current && upload(file.current)}>
                  {t('chat.retry')}
                </button>
              )}
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => {
                  file.current = null;
                  setPhase('idle');
                }}
              >
                {t('chat.discard')}
              </button>
            </>
          )}
        </div>
      ) : null}
      {phase === 'hold' ? (
        <span className="voice-lock-hint" style={{ transform: `translateY(${-Math.min(drag.rise, 60)}px)` }} aria-hidden="true" data-testid="voice-lock-hint">
          <Glyph d={LOCK} size={18} />
        </span>
      ) : null}
      {/* one button throughout, so the press that started a recording keeps its pointer capture */}
      <button
        type="button"
        className={`btn btn-primary composer-send voice-button${phase === 'hold' ? ' held' : ''}`}
        aria-label={label}
        disabled={phase === 'uploading' || phase === 'failed'}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerCancel}
        onLostPointerCapture={() => {
          if (swallowUntil.current === Infinity) swallowUntil.current = performance.now() + 800;
        }}
        onClick={onClick}
        onContextMenu={(e) => e.preventDefault()}
        data-testid="voice-button"
      >
        <Glyph d={phase === 'locked' ? SEND : MIC} />
      </button>
      <p className="visually-hidden" role="status">
        {recording && started ? t('voice.recording') : ''}
      </p>
      {problem ? (
        <p className="field-error voice-problem" role="alert" data-testid="voice-problem">
          {t(`voice.problem_${problem}`)}
          <button type="button" className="btn btn-small btn-ghost" aria-label={t('voice.dismiss')} onClick={() => setProblem(null)}>
            <span aria-hidden="true">×</span>
          </button>
        </p>
      ) : null}
    </div>
  );
}
