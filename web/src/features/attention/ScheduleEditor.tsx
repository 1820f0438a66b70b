import { useId } from 'react';
import { useI18n, type TFn } from '../../i18n';
import {
  DAY_KEYS,
  PRESETS,
  addInterval,
  applyPreset,
  crossesMidnight,
  matchesPreset,
  removeInterval,
  setDayWorking,
  updateInterval,
  type DayKey,
  type Preset,
  type Week,
} from './schedule';
import { weekdayName } from './when';
import { rangeText } from './weekSummary';
import type { Lang } from '../../i18n';

export function presetLabel(p: Preset, lang: Lang, t: TFn): string {
  const days = `${weekdayName(p.days[0], lang)}–${weekdayName(p.days[p.days.length - 1], lang)}`;
  return t('hours.preset', { days, hours: rangeText(p.from, p.to) });
}

interface Props {
  week: Week;
  onChange: (week: Week) => void;
  /** per day, already in words */
  errors: Partial<Record<DayKey, string>>;
  disabled?: boolean;
}

/** Quick presets, then each weekday: off, or one or more from–to intervals (past midnight allowed). */
export function ScheduleEditor({ week, onChange, errors, disabled }: Props) {
  const { t, lang } = useI18n();
  const uid = useId();
  return (
    <div className="schedule" data-testid="schedule">
      <div className="actions" role="group" aria-label={t('hours.presets')}>
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="btn btn-small"
            data-testid={`preset-${p.id}`}
            aria-pressed={matchesPreset(week, p)}
            disabled={disabled}
            onClick={() => onChange(applyPreset(p))}
          >
            {presetLabel(p, lang, t)}
          </button>
        ))}
      </div>
      {DAY_KEYS.map((d) => {
        const day = weekdayName(d, lang);
        const error = errors[d];
        const errorId = `${uid}-${d}-err`;
        return (
          <fieldset key={d} className="day-row" data-testid={`day-${d}`} aria-describedby={error ? errorId : undefined}>
            <legend className="visually-hidden">{day}</legend>
            <label className="checkbox day-name">
              <input type="checkbox" checked={week[d].length > 0} disabled={disabled} onChange={(e) => onChange(setDayWorking(week, d, e.target.checked))} />
              {day}
            </label>
            {week[d].length === 0 ? <span className="hint">{t('hours.day_off')}</span> : null}
            {week[d].map(([from, to], i) => (
              <div key={i} className="interval">
                <input
                  type="time"
                  value={from}
                  aria-label={t('hours.from_label', { day, n: i + 1 })}
                  aria-invalid={error ? true : undefined}
                  disabled={disabled}
                  onChange={(e) => onChange(updateInterval(week, d, i, 0, e.target.value))}
                />
                <span aria-hidden="true">–</span>
                <input
                  type="time"
                  value={to}
                  aria-label={t('hours.to_label', { day, n: i + 1 })}
                  aria-describedby={crossesMidnight([from, to]) ? `${uid}-${d}-${i}-next` : undefined}
                  aria-invalid={error ? true : undefined}
                  disabled={disabled}
                  onChange={(e) => onChange(updateInterval(week, d, i, 1, e.target.value))}
                />
                <button
                  type="button"
                  className="btn btn-small btn-ghost btn-icon"
                  aria-label={t('hours.remove_interval', { day, hours: rangeText(from, to) })}
                  disabled={disabled}
                  onClick={() => onChange(removeInterval(week, d, i))}
                >
                  <span aria-hidden="true">×</span>
                </button>
                {crossesMidnight([from, to]) ? <p className="hint next-day" id={`${uid}-${d}-${i}-next`}>{t('hours.next_day')}</p> : null}
              </div>
            ))}
            {week[d].length > 0 ? (
              <button type="button" className="btn btn-small btn-ghost" disabled={disabled} onClick={() => onChange(addInterval(week, d))} aria-label={t('hours.add_interval_on', { day })}>
                + {t('hours.add_interval')}
              </button>
            ) : null}
            {error ? (
              <p className="field-error" id={errorId} role="alert">
                {error}
              </p>
            ) : null}
          </fieldset>
        );
      })}
    </div>
  );
}
