/**
 * Screens few people open on a phone (administration, compliance, settings...) load on first use,
 * so the start page's JavaScript stays small. The service worker precaches every chunk, so they
 * still open offline.
 */
import { Component, Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { useI18n } from './i18n';
import { LoadStatus } from './components/LoadStatus';

/** A page (no props: routes render them bare) loaded by `load`, a dynamic import, when first
 * rendered; `name` is its export. */
export function lazyPage<K extends string>(load: () => Promise<{ [k in K]: () => ReactNode }>, name: K): ComponentType {
  const Page = lazy<() => ReactNode>(() => load().then((m) => ({ default: m[name] })));
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
