/**
 * A small windowing list for chat: renders only the rows near the viewport (spacers stand in for
 * the rest), measures real row heights with one ResizeObserver, keeps the reading position when
 * rows are added above (older pages) or change height, and sticks to the bottom while the reader
 * is at the bottom. Offsets are a prefix sum over (measured ?? estimated) heights and the visible
 * range is found by binary search, so 100,000 rows cost one linear pass per change and O(log n) per
 * scroll.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface Row {
  key: string;
}

export interface VirtualListHandle {
  scrollToKey(key: string, align?: 'start' | 'center'): boolean;
  scrollToBottom(): void;
  isAtBottom(): boolean;
  element(): HTMLDivElement | null;
}

interface Props<R extends Row> {
  rows: R[];
  renderRow: (row: R) => ReactNode;
  estimate: (row: R) => number;
  /** Called when the reader scrolls near the top (load older). */
  onNearTop?: () => void;
  onAtBottomChange?: (atBottom: boolean) => void;
  /** Key to show first (scrolled to the top of the viewport) instead of the bottom. */
  initialKey?: string | null;
  overscanPx?: number;
  className?: string;
  label: string;
  testId?: string;
}

function findIndex(offsets: Float64Array, n: number, y: number): number {
  // last i with offsets[i] <= y
  let lo = 0;
  let hi = n - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] <= y) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

function Measured({ vkey, observer, children }: { vkey: string; observer: ResizeObserver | null; children: ReactNode }) {
  const el = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const node = el.current;
    if (!node || !observer) return;
    observer.observe(node);
    return () => observer.unobserve(node);
  }, [observer]);
  return (
    <div ref={el} data-vkey={vkey} className="vrow">
      {children}
    </div>
  );
}

function VirtualListInner<R extends Row>(props: Props<R>, ref: React.Ref<VirtualListHandle>) {
  const { rows, renderRow, estimate, onNearTop, onAtBottomChange, initialKey, overscanPx = 800, className, label, testId } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [view, setView] = useState({ top: 0, height: 0 });
  const atBottom = useRef(!initialKey);
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const initialDone = useRef(false);
  const pendingBump = useRef(false);

  const offsets = useMemo(() => {
    const o = new Float64Array(rows.length + 1);
    for (let i = 0; i < rows.length; i++) o[i + 1] = o[i] + (heights.current.get(rows[i].key) ?? estimate(rows[i]));
    return o;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, version]);
  const keyIndex = useMemo(() => {
    const m = new Map<string, number>();
    rows.forEach((r, i) => m.set(r.key, i));
    return m;
  }, [rows]);
  const total = offsets[rows.length];

  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            let changed = false;
            for (const e of entries) {
              const key = (e.target as HTMLElement).dataset.vkey;
              if (!key) continue;
              const h = (e.target as HTMLElement).offsetHeight;
              if (h > 0 && heights.current.get(key) !== h) {
                heights.current.set(key, h);
                changed = true;
              }
            }
            if (changed && !pendingBump.current) {
              pendingBump.current = true;
              requestAnimationFrame(() => {
                pendingBump.current = false;
                setVersion((v) => v + 1);
              });
            }
          }),
    [],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);


  const updateAnchor = useCallback(() => {
    const el = scroller.current;
    if (!el || rows.length === 0) return;
    const i = findIndex(offsets, rows.length, el.scrollTop);
    anchor.current = { key: rows[i].key, delta: el.scrollTop - offsets[i] };
  }, [offsets, rows]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (bottom !== atBottom.current) {
      atBottom.current = bottom;
      onAtBottomChange?.(bottom);
    }
    updateAnchor();
    setView({ top: el.scrollTop, height: el.clientHeight });
    if (el.scrollTop < overscanPx) onNearTop?.();
  }, [onAtBottomChange, onNearTop, overscanPx, updateAnchor]);

  // keep the position after rows or heights change
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (!initialDone.current && rows.length) {
      initialDone.current = true;
      const i = initialKey ? keyIndex.get(initialKey) : undefined;
      if (i !== undefined) {
        el.scrollTop = Math.max(0, offsets[i] - 8);
        atBottom.current = false;
        onAtBottomChange?.(false);
      } else el.scrollTop = el.scrollHeight;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      const i = keyIndex.get(anchor.current.key);
      if (i !== undefined) {
        const want = offsets[i] + anchor.current.delta;
        if (Math.abs(el.scrollTop - want) > 1) el.scrollTop = want;
      }
    }
    updateAnchor();
    if (el.clientHeight !== view.height || el.scrollTop !== view.top) setView({ top: el.scrollTop, height: el.clientHeight });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [offsets]);

  // the viewport itself changes size (keyboard, rotation)
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
      setView({ top: el.scrollTop, height: el.clientHeight });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      scrollToKey(key, align = 'start') {
        const el = scroller.current;
        const i = keyIndex.get(key);
        if (!el || i === undefined) return false;
        const h = offsets[i + 1] - offsets[i];
        el.scrollTop = align === 'center' ? offsets[i] - el.clientHeight / 2 + h / 2 : Math.max(0, offsets[i] - 8);
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        onAtBottomChange?.(atBottom.current);
        updateAnchor();
        setView({ top: el.scrollTop, height: el.clientHeight });
        return true;
      },
      scrollToBottom() {
        const el = scroller.current;
        if (!el) return;
        atBottom.current = true;
        onAtBottomChange?.(true);
        el.scrollTop = el.scrollHeight;
        setView({ top: el.scrollTop, height: el.clientHeight });
      },
      isAtBottom: () => atBottom.current,
      element: () => scroller.current,
    }),
    [keyIndex, offsets, onAtBottomChange, updateAnchor],
  );

  const vh = view.height || 900;
  // Where the layout effect above is about to scroll to: after rows arrive above (an older page)
  // the reader's row moved down, and drawing the window at the old scroll position first would
  // mount a screenful of other rows only to swap them back in the next render.
  let top = view.top;
  if (initialDone.current && atBottom.current) top = Math.max(0, total - vh);
  else if (initialDone.current && anchor.current) {
    const i = keyIndex.get(anchor.current.key);
    if (i !== undefined) top = Math.max(0, offsets[i] + anchor.current.delta);
  }
  const start = rows.length ? findIndex(offsets, rows.length, Math.max(0, top - overscanPx)) : 0;
  const endY = top + vh + overscanPx;
  let end = start;
  while (end < rows.length && offsets[end] < endY) end++;
  // before the first layout we do not know where we are: render the bottom
  const s = initialDone.current ? start : Math.max(0, rows.length - 30);
  const e = initialDone.current ? end : rows.length;

  return (
    <div ref={scroller} className={className} onScroll={onScroll} role="log" aria-label={label} tabIndex={0} data-testid={testId}>
      <div style={{ blockSize: offsets[s] }} aria-hidden="true" />
      {rows.slice(s, e).map((r) => (
        <Measured key={r.key} vkey={r.key} observer={observer}>
          {renderRow(r)}
        </Measured>
      ))}
      <div style={{ blockSize: total - offsets[e] }} aria-hidden="true" />
    </div>
  );
}

export const VirtualList = forwardRef(VirtualListInner) as <R extends Row>(
  props: Props<R> & { ref?: React.Ref<VirtualListHandle> },
) => ReturnType<typeof VirtualListInner>;
