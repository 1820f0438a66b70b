/** The two-factor endpoints (docs/api/two-factor.md), through the one fetch wrapper. */
import { z } from 'zod';
import { request } from '../../api/http';
import { authResultSchema } from '../../api/schemas';

export const statusSchema = z.object({
  enabled: z.boolean(),
  enabled_at: z.string().nullable(),
  recovery_codes_left: z.number(),
  pending: z.boolean(),
  required: z.boolean(),
  required_by: z.string().nullable(),
});
export type TwoFactorStatus = z.infer<typeof statusSchema>;
const enrolmentSchema = z.object({ secret: z.string(), otpauth_uri: z.string() });
export type Enrolment = z.infer<typeof enrolmentSchema>;
const codesSchema = z.object({ recovery_codes: z.array(z.string()) });
const enrolledSchema = authResultSchema.extend({ recovery_codes: z.array(z.string()) });

const enc = encodeURIComponent;

export const twoFactorApi = {
  status: () => request('GET', '/me/two-factor', { schema: statusSchema }),
  start: () => request('POST', '/me/two-factor/start', { schema: enrolmentSchema }),
  confirm: (code: string) => request('POST', '/me/two-factor/confirm', { json: { code }, schema: codesSchema }),
  replaceCodes: (code: string) => request('POST', '/me/two-factor/recovery-codes', { json: { code }, schema: codesSchema }),
  disable: (password: string, code: string) =>
    request('POST', '/me/two-factor/disable', { json: { password, code }, expectUnauthenticated: true }),
  /** The second step of sign-in: `{code}` or `{recovery_code}`. */
  verify: (token: string, answer: { code: string } | { recovery_code: string }) =>
    request('POST', '/auth/two-factor', { json: { token, ...answer }, schema: authResultSchema, expectUnauthenticated: true }),
  enrolWithToken: (token: string) =>
    request('POST', '/auth/two-factor/enrol', { json: { token }, schema: enrolmentSchema, expectUnauthenticated: true }),
  confirmWithToken: (token: string, code: string) =>
    request('POST', '/auth/two-factor/enrol/confirm', { json: { token, code }, schema: enrolledSchema, expectUnauthenticated: true }),
  personStatus: (id: string) => request('GET', `/people/${enc(id)}/two-factor`, { schema: statusSchema }),
  reset: (id: string) => request('DELETE', `/people/${enc(id)}/two-factor`),
};
