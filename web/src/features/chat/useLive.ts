import { useEffect, useRef, useState } from 'react';
import { ThrottledLoader } from '../../state/throttledLoader';

/**
 * What `load` answers for `key`, loaded again whenever `version` moves (a change event), at most
 * once a second: in a large conversation change events come as a stream.
 */
export function useLive<T>(load: () => Promise<T>, key: string, version: number, enabled = true): { data: T | null; error: unknown } {
  const [state, setState] = useState<{ key: string; data: T | null; error: unknown }>({ key, data: null, error: null });
  const loadNow = useRef(load);
  loadNow.current = load;
  const loader = useRef<ThrottledLoader<T> | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const l = new ThrottledLoader(
      () => loadNow.current(),
      (r) => setState((s) => (r.ok ? { key, data: r.value, error: null } : { key, data: s.key === key ? s.data : null, error: r.error })),
      1000,
    );
    loader.current = l;
    return () => {
      l.stop();
      loader.current = null;
    };
  }, [key, enabled]);
  useEffect(() => loader.current?.request(), [key, enabled, version]);
  return state.key === key ? { data: state.data, error: state.error } : { data: null, error: null };
}
