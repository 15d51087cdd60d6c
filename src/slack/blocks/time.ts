import { DateTime } from 'luxon';

/**
 * Dates and times as the reader sees them. Slack renders `<!date^unix^{tokens}|fallback>` in each
 * viewer's own zone; the fallback (for notifications and old clients) is written in the reader's
 * zone too, so no one ever sees UTC or an ISO string. Pure: the zone is a parameter.
 */
export type DateStyle = 'day' | 'dayTime' | 'time' | 'longDay';

const TOKENS: Record<DateStyle, string> = {
  day: '{date_short_pretty}',
  longDay: '{date_long_pretty}',
  dayTime: '{date_short_pretty} at {time}',
  time: '{time}',
};

const FALLBACK: Record<DateStyle, string> = {
  day: 'ccc d LLL yyyy',
  longDay: 'cccc d LLLL yyyy',
  dayTime: "ccc d LLL yyyy 'at' HH:mm",
  time: 'HH:mm',
};

/** A valid IANA zone or UTC: Slack profiles may carry zones luxon does not know. */
export function readerZone(timezone: string | null | undefined): string {
  return timezone && DateTime.now().setZone(timezone).isValid ? timezone : 'UTC';
}

/** Plain text in the reader's zone, e.g. "Fri 13 Mar 2026 at 18:00" (for plain_text fields and fallbacks). */
export function localText(at: Date, timezone: string | null | undefined, style: DateStyle = 'dayTime'): string {
  const zone = readerZone(timezone);
  const text = DateTime.fromJSDate(at, { zone }).toFormat(FALLBACK[style]);
  return zone === 'UTC' && style !== 'day' && style !== 'longDay' ? `${text} UTC` : text;
}

/** A Slack date token for mrkdwn: shown in the viewer's zone by Slack, with a fallback in the reader's. */
export function slackDate(at: Date, timezone: string | null | undefined, style: DateStyle = 'dayTime'): string {
  const unix = Math.floor(at.getTime() / 1000);
  const fallback = localText(at, timezone, style).replace(/[|>]/g, ' ');
  return `<!date^${unix}^${TOKENS[style]}|${fallback}>`;
}

/**
 * A calendar day that is the same everywhere (a start week, a picked date) as "Mon 12 Jan 2026":
 * it is a date, not an instant, so no zone moves it.
 */
export function dayText(isoDate: string): string {
  const day = DateTime.fromISO(isoDate, { zone: 'utc' });
  return day.isValid ? day.toFormat('ccc d LLL yyyy') : isoDate;
}
