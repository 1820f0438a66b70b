// Line icons drawn in SVG: they look the same on every phone, where emoji depend on the fonts
// installed (a missing one shows as an empty box). Decorative: the control carries the name.
const PATHS = {
  attach: 'M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7',
  file: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5M9 13h6M9 17h6',
  replies: 'M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z',
  history: 'M3 12a9 9 0 1 0 2.6-6.4L3 8M3 3v5h5M12 7v5l3 2',
  pin: 'M9 3h6M10 3v6l-4 5h12l-4-5V3M12 14v7',
  search: 'M11 18a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM21 21l-5-5',
  muted: 'M18 8a6 6 0 0 0-9.3-5M6 8c0 7-3 9-3 9h14M13.7 21a2 2 0 0 1-3.4 0M3 3l18 18',
  people: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M17 11a3 3 0 1 0 0-6M22 21v-1a5 5 0 0 0-4-4.9',
  rule: 'M4 6h16M4 12h10M4 18h6M17 15l2 2 3-4',
  announcement: 'M3 11v2a1 1 0 0 0 1 1h2l5 4V6L6 10H4a1 1 0 0 0-1 1zM15 9a3 3 0 0 1 0 6M18 6a7 7 0 0 1 0 12',
  // the main navigation and the conversation header
  chats: 'M5 4h14a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H9l-5 4V5a1 1 0 0 1 1-1zM8 9h8M8 13h5',
  directory: 'M6 3h12a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H6zM3 7h3M3 12h3M3 17h3M12.5 11a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM8.5 17a4 4 0 0 1 8 0',
  admin: 'M4 6h10M18 6h2M16 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM4 12h2M10 12h10M8 14a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM4 18h10M18 18h2M16 20a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  compliance: 'M12 4v16M8 20h8M5 7h14M7 7l-3 7a3 3 0 0 0 6 0zM17 7l-3 7a3 3 0 0 0 6 0z',
  account: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  // points to the inline start in a left-to-right page; mirrored in Arabic with .flip-rtl
  back: 'M19 12H5M11 6l-6 6 6 6',
  info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v5M12 8h.01',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className="icon">
      <path d={PATHS[name]} />
    </svg>
  );
}
