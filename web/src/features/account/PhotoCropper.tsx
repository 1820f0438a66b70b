// The square a photo is cut to: the frame stays, the image moves under it (one finger or the
// mouse drags, two fingers or the slider zoom; arrow keys and + / − do the same from a keyboard).
// The circle inside the frame is what the round avatars will show. Positions are physical (left,
// top) in both writing directions: a drag to the right moves the image right in Arabic too.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useI18n } from '../../i18n';
import { imageBox, maxZoom, moveBy, zoomTo, type Crop, type Size } from './crop';

interface Props {
  src: string;
  size: Size;
  crop: Crop;
  onCrop: (crop: Crop) => void;
}

const KEY_STEP = 10; // screen pixels per arrow key press
const KEY_ZOOM = 1.1;

export function PhotoCropper({ src, size, crop, onCrop }: Props) {
  const { t } = useI18n();
  const hintId = useId();
  const frameRef = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState(0);
  // where each finger (or the mouse) was at its last move
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  // Several events may come before the next render (both fingers of a pinch move at once): each
  // builds on the crop the one before made, not on the one last rendered.
  const latest = useRef(crop);
  latest.current = crop;
  const change = (next: (c: Crop) => Crop) => {
    latest.current = next(latest.current);
    onCrop(latest.current);
  };

  // it replaces the button that opened the file picker: the keyboard starts here
  useEffect(() => frameRef.current?.focus(), []);

  useLayoutEffect(() => {
    const el = frameRef.current;
    if (!el) return;
    const measure = () => setFrame(el.getBoundingClientRect().width);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // a wheel (or a trackpad pinch) zooms; React's wheel listener is passive and could not keep the
  // page from scrolling
  useEffect(() => {
    const el = frameRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      latest.current = zoomTo(size, latest.current, latest.current.zoom * Math.exp(-e.deltaY / 300));
      onCrop(latest.current);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [size, onCrop]);

  function down(e: PointerEvent<HTMLDivElement>) {
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
  }

  function move(e: PointerEvent<HTMLDivElement>) {
    const all = pointers.current;
    const last = all.get(e.pointerId);
    if (!last || !frame) return;
    const now = { x: e.clientX, y: e.clientY };
    if (all.size === 1) {
      change((c) => moveBy(size, c, now.x - last.x, now.y - last.y, frame));
    } else {
      // two fingers: the zoom follows the distance between them
      const other = [...all].find(([id]) => id !== e.pointerId)?.[1];
      if (other) {
        const before = Math.hypot(last.x - other.x, last.y - other.y);
        const after = Math.hypot(now.x - other.x, now.y - other.y);
        if (before > 0) change((c) => zoomTo(size, c, (c.zoom * after) / before));
      }
    }
    all.set(e.pointerId, now);
  }

  function up(e: PointerEvent<HTMLDivElement>) {
    pointers.current.delete(e.pointerId);
  }

  function key(e: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-KEY_STEP, 0],
      ArrowRight: [KEY_STEP, 0],
      ArrowUp: [0, -KEY_STEP],
      ArrowDown: [0, KEY_STEP],
    };
    const step = moves[e.key];
    if (step && frame) change((c) => moveBy(size, c, step[0], step[1], frame));
    else if (e.key === '+' || e.key === '=') change((c) => zoomTo(size, c, c.zoom * KEY_ZOOM));
    else if (e.key === '-' || e.key === '−') change((c) => zoomTo(size, c, c.zoom / KEY_ZOOM));
    else return;
    e.preventDefault();
  }

  const box = frame ? imageBox(size, crop, frame) : null;
  const most = maxZoom(size);
  return (
    <div className="photo-cropper">
      <div
        ref={frameRef}
        className="crop-frame"
        tabIndex={0}
        role="group"
        aria-label={t('photo.crop_area')}
        aria-describedby={hintId}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onKeyDown={key}
        data-testid="crop-frame"
      >
        {box ? (
          <img src={src} alt="" draggable={false} style={{ left: box.left, top: box.top, width: box.width, height: box.height }} />
        ) : null}
      </div>
      <p className="hint" id={hintId}>
        {t('photo.crop_hint')}
      </p>
      <label className="crop-zoom">
        <span>{t('photo.zoom')}</span>
        <input
          type="range"
          min={1}
          max={most}
          step={0.1}
          value={crop.zoom}
          disabled={most <= 1}
          onChange={(e) => change((c) => zoomTo(size, c, Number(e.target.value)))}
          data-testid="crop-zoom"
        />
      </label>
    </div>
  );
}
