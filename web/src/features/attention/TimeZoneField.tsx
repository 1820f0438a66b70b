import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { SelectField, TextField } from '../../components/Field';
import { browserTimeZone, timeZoneList } from './when';

const readable = (zone: string) => zone.replace(/_/g, ' ');

/** An IANA time zone: a search box narrows the (long) list; one tap takes this device's zone. */
export function TimeZoneField({ value, onChange, error, disabled }: { value: string; onChange: (zone: string) => void; error?: string | null; disabled?: boolean }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const device = browserTimeZone();
  const zones = useMemo(() => timeZoneList(value), [value]);
  const needle = filter.trim().toLowerCase().replace(/\s+/g, ' ');
  const shown = needle ? zones.filter((z) => z === value || readable(z).toLowerCase().includes(needle)) : zones;
  return (
    <div className="time-zone">
      <TextField label={t('hours.zone_search')} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} disabled={disabled} dir="auto" />
      <SelectField label={t('hours.zone')} value={value} onChange={(e) => onChange(e.target.value)} error={error} disabled={disabled} data-testid="time-zone">
        {shown.map((z) => (
          <option key={z} value={z}>
            {readable(z)}
          </option>
        ))}
      </SelectField>
      {device !== value ? (
        <button type="button" className="btn btn-small btn-ghost" disabled={disabled} onClick={() => onChange(device)}>
          {t('hours.zone_use_device', { zone: readable(device) })}
        </button>
      ) : null}
    </div>
  );
}
