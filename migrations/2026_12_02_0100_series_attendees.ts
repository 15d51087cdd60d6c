import { sql, type Kysely } from 'kysely';

// Who a calendar series invites (issue 8: pausing takes a member off the pod's occurrences ahead,
// resuming puts them back). Frozen in time: never import app code here.
// - calendar_series.attendees: the emails the series was last written with (booked or patched),
//   lower case, organiser left out. A change that would write the same list writes nothing, so
//   pausing twice (a new end date) or a repeated resume cannot split or patch again. NULL: a
//   series booked before this column (its list is unknown, so the next change always writes).
// - calendar_series.attendee_changes: how many attendee patches the series has had. Each patch's
//   outbox key carries its number: pause, resume, pause again are three distinct writes even
//   though the first and the third ask for the same list, and a retried transaction reuses its key.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE calendar_series ADD COLUMN attendees text[];
    ALTER TABLE calendar_series ADD COLUMN attendee_changes int NOT NULL DEFAULT 0 CHECK (attendee_changes >= 0);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE calendar_series DROP COLUMN attendees, DROP COLUMN attendee_changes;`.execute(db);
}
