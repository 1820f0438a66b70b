/**
 * Screens few people open on a phone (administration, compliance, settings...) load on first use,
 * so the start page's JavaScript stays small. The service worker precaches every chunk, so they
 * still open offline.
 */
import { Component, Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { useI18n } from './i18n';
import { LoadStatus } from './components/LoadStatus';

/** A page (no props: routes render them bare) loaded by `load`, a dynamic import, when first
 * rendered; `name` is its export. `soon` also fetches it once the app is idle after starting. */
export function lazyPage<K extends string>(
  load: () => Promise<{ [k in K]: () => ReactNode }>,
  name: K,
  { soon = false } = {},
): ComponentType {
  let module: Promise<{ default: () => ReactNode }> | null = null;
  const get = () =>
    (module ??= load().then(
      (m) => ({ default: m[name] }),
      (e: unknown) => {
        module = null; // a failed prefetch must not stop the page's own try
        throw e;
      },
    ));
  const Page = lazy(get);
  if (soon) whenIdle(() => void get().catch(() => undefined));
  return function LazyPage() {
    return (
      <ChunkBoundary>
        <Suspense fallback={<LoadStatus error={null} loaded={false} />}>
          <Page />
        </Suspense>
      </ChunkBoundary>
    );
  };
}

/** A while after the load event: the first screen's requests (session, chat list) go first on a
 * slow network, the prefetch after them. */
function whenIdle(run: () => void): void {
  if (typeof window === 'undefined') return;
  const idle = () => setTimeout(() => (window.requestIdleCallback ? window.requestIdleCallback(run, { timeout: 5000 }) : run()), 2000);
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

/** A chunk that cannot be fetched (offline before the worker cached it, or a deploy removed it)
 * shows an error and a reload in the page's place instead of unmounting the whole app. */
class ChunkBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    return this.state.error ? <ChunkError error={this.state.error} /> : this.props.children;
  }
}

function ChunkError({ error }: { error: unknown }) {
  const { t } = useI18n();
  return (
    <>
      <LoadStatus error={error} loaded={false} />
      {/* React.lazy keeps a failed import, so only a reload tries the chunk again */}
      <button type="button" className="btn" onClick={() => location.reload()}>
        {t('common.retry')}
      </button>
    </>
  );
}
