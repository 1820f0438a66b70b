import type { Lang } from '../../i18n';

const locale = (lang: Lang) => (lang === 'ar' ? 'ar' : 'en');

// Making a formatter costs far more than using one (a page of 50 message times took ~5 ms of a
// scroll frame): one per language and options, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale(lang) + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale(lang), options)));
  return f;
}

/** "14:05" (today's messages, bubbles). */
export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return dateFormat(lang, { hour: 'numeric', minute: '2-digit' }).format(d);
}

/** Local calendar day key, for day separators. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** "Today", "Yesterday" (passed in, translated) or a date. */
export function formatDay(iso: string, lang: Lang, today: string, yesterday: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const k = dayKey(iso);
  if (k === dayKey(now.toISOString())) return today;
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (k === dayKey(y.toISOString())) return yesterday;
  const sameYear = d.getFullYear() === now.getFullYear();
  return dateFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(d);
}

/** Conversation list: time for today, else a short date. */
export function formatListTime(iso: string | null | undefined, lang: Lang, now = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (dayKey(iso) === dayKey(now.toISOString())) return formatTime(iso, lang);
  // an older year says so: "3 Mar" alone would read as this year
  const year = d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' as const };
  return dateFormat(lang, { day: 'numeric', month: 'short', ...year }).format(d);
}

/** "77 bytes", "12 kB", "1.5 MB" in the reader's language ("12 كيلوبايت"); 1 kB = 1,024 bytes. */
export function formatSize(bytes: number, lang: Lang): string {
  const [unit, value] =
    bytes < 1024 ? (['byte', bytes] as const) : bytes < 1024 * 1024 ? (['kilobyte', bytes / 1024] as const) : (['megabyte', bytes / 1024 / 1024] as const);
  // CLDR's short English byte is "byte" for any number: the long form reads right ("77 bytes").
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(locale(lang), { style: 'unit', unit, unitDisplay, maximumFractionDigits: unit === 'megabyte' ? 1 : 0 }).format(value);
}
