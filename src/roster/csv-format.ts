/**
 * The roster CSV format: one place for its columns and row schema, shared by the roster import
 * (`peerpods roster import`) and anything else that reads the same file.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';

export const ROSTER_CSV_COLUMNS = ['email', 'name', 'team', 'department', 'manager_email', 'location', 'timezone', 'title'] as const;
export const ROSTER_CSV_OPTIONAL_COLUMNS = ['slack_user_id'] as const;

const text = z.string().trim();
/** Empty cells are "not given". */
const optionalText = text.transform((v) => (v === '' ? null : v));
const emailCell = text.toLowerCase().pipe(z.email('not an email address'));

export const rosterCsvRow = z.object({
  email: emailCell,
  name: text.min(1, 'a name is required'),
  team: text.min(1, 'a team is required'),
  department: optionalText,
  manager_email: text.toLowerCase().pipe(z.union([z.literal(''), z.email('not an email address')])).transform((v) => (v === '' ? null : v)),
  location: optionalText,
  timezone: text.refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (e.g. Europe/London)'),
  title: optionalText,
  slack_user_id: text
    .toUpperCase()
    .pipe(z.union([z.literal(''), z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'not a Slack user id (e.g. U012AB3CD)')]))
    .transform((v) => (v === '' ? null : v))
    .optional()
    .transform((v) => v ?? null),
});

export type RosterCsvRow = z.output<typeof rosterCsvRow>;
