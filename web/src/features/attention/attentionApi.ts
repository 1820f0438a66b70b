/**
 * Attention (docs/api/attention.md): working hours, do-not-disturb, a colleague's availability,
 * the digest of what waited, and the admins' defaults and shift imports. Push subscriptions are in
 * api/client.ts (src/pwa/push.ts uses them).
 */
import { z } from 'zod';
import { request } from '../../api/http';
import { importErrorSchema } from '../../api/schemas';
import { DAY_KEYS } from './schedule';

const str = z.string();
const interval = z.tuple([str, str]);
const day = z.array(interval);

/** A weekly schedule; the server writes every weekday, a day off as []. */
export const weeklySchema = z.partialRecord(z.enum(DAY_KEYS), day);

export const hoursSchema = z.object({
  time_zone: str,
  weekly: weeklySchema,
  shifts: z.array(z.object({ date: str, intervals: day })).nullish(),
});
export type Hours = z.infer<typeof hoursSchema>;

export const offUntilSchema = z.object({ at: str, weekday: str, time: str, date: str });
export type OffUntil = z.infer<typeof offUntilSchema>;

export const hoursSources = ['person', 'department', 'location', 'organization', 'always_working'] as const;

export const myHoursSchema = z.object({
  /** one's own hours; null when following a default */
  hours: hoursSchema.nullable(),
  effective: hoursSchema,
  source: z.enum(hoursSources),
  working: z.boolean(),
  off_until: offUntilSchema.nullable(),
  do_not_disturb_until: str.nullable(),
});
export type MyHours = z.infer<typeof myHoursSchema>;

export const availabilitySchema = z.object({
  working: z.boolean(),
  off_until: offUntilSchema.nullable(),
  do_not_disturb_until: str.nullable(),
});
export type Availability = z.infer<typeof availabilitySchema>;

export const digestSchema = z.object({
  since: str.nullable(),
  sent_at: str.nullable(),
  messages: z.number(),
  mentions: z.number(),
  conversations: z.array(z.object({ conversation_id: str, name: str, messages: z.number(), mentions: z.number() })),
});
export type Digest = z.infer<typeof digestSchema>;

export const defaultsSchema = z.object({
  organization: hoursSchema.nullable(),
  departments: z.record(str, hoursSchema),
  locations: z.record(str, hoursSchema),
});
export type Defaults = z.infer<typeof defaultsSchema>;
export type DefaultScope = 'organization' | 'departments' | 'locations';

export const shiftReportSchema = z.object({
  people: z.number(),
  dates: z.number(),
  errors: z.array(importErrorSchema),
  applied: z.boolean(),
});
export type ShiftReport = z.infer<typeof shiftReportSchema>;

const enc = encodeURIComponent;

export const attentionApi = {
  myHours: () => request('GET', '/me/working-hours', { schema: myHoursSchema }),
  /** null: follow the default again */
  setMyHours: (hours: Hours | null) => request('PUT', '/me/working-hours', { json: hours, schema: myHoursSchema }),
  /** RFC 3339, at most 30 days ahead; null ends it */
  setDoNotDisturb: (until: string | null) => request('PUT', '/me/do-not-disturb', { json: { until }, schema: myHoursSchema }),
  availability: (personId: string) => request('GET', `/people/${enc(personId)}/availability`, { schema: availabilitySchema }),
  digest: () => request('GET', '/me/digest', { schema: digestSchema }),
  defaults: () => request('GET', '/working-hours/defaults', { schema: defaultsSchema }),
  /** The organization's default has the key "" */
  setDefault: (scope: DefaultScope, key: string, hours: Hours | null) =>
    request('PUT', `/working-hours/defaults/${scope}`, { json: { key, hours }, schema: defaultsSchema }),
  importShifts: (csv: string, mode: 'dry-run' | 'apply') =>
    request('POST', '/working-hours/shifts/import', {
      query: { mode },
      text: csv,
      contentType: 'text/csv; charset=utf-8',
      schema: shiftReportSchema,
    }),
};
