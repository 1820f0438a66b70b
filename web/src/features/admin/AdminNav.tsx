import { useCallback, useEffect, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { atScrollEnd } from '../../components/viewport';

export function AdminNav() {
  const { t } = useI18n();
  const nav = useRef<HTMLElement>(null);
  const loc = useLocation();
  // ten tabs do not fit a phone: a fade at the end edge says more are hidden, until the last shows
  const [more, setMore] = useState(false);
  const measure = useCallback(() => {
    const el = nav.current;
    if (el) setMore(!atScrollEnd(el.scrollLeft, el.clientWidth, el.scrollWidth));
  }, []);
  useEffect(() => {
    const el = nav.current;
    if (!el) return;
    // the current tab may be far along: bring it into view without moving the page
    const active = el.querySelector<HTMLElement>('a.active');
    if (active) el.scrollLeft += offsetToShow(el, active);
    measure();
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    ro?.observe(el);
    return () => ro?.disconnect();
  }, [loc.pathname, measure]);
  return (
    <div className={`sub-nav-wrap${more ? ' has-more' : ''}`} data-testid="admin-tabs">
      <nav className="sub-nav" aria-label={t('admin.nav_label')} ref={nav} onScroll={measure}>
        <NavLink to="/admin/people">{t('admin.people')}</NavLink>
        <NavLink to="/admin/import">{t('admin.import')}</NavLink>
        <NavLink to="/admin/settings">{t('admin.settings')}</NavLink>
        <NavLink to="/admin/audit">{t('admin.audit')}</NavLink>
        <NavLink to="/admin/conversations">{t('admin.conversations')}</NavLink>
        <NavLink to="/admin/retention">{t('admin.retention')}</NavLink>
        <NavLink to="/admin/policies">{t('admin.policies')}</NavLink>
        <NavLink to="/admin/content-rules">{t('admin.content_rules')}</NavLink>
        <NavLink to="/admin/working-hours">{t('admin.working_hours')}</NavLink>
        <NavLink to="/moderation">{t('admin.moderation')}</NavLink>
      </nav>
      {more ? <span className="sub-nav-fade" aria-hidden="true" data-testid="admin-tabs-more" /> : null}
    </div>
  );
}

/** How far to scroll `bar` sideways so `tab` is wholly inside it, with room for the fade. */
function offsetToShow(bar: HTMLElement, tab: HTMLElement): number {
  const b = bar.getBoundingClientRect();
  const r = tab.getBoundingClientRect();
  const room = 48;
  if (r.left < b.left + room) return r.left - b.left - room;
  if (r.right > b.right - room) return r.right - b.right + room;
  return 0;
}
