/**
 * Which roster row each person the sources list is, before anything is written. A Slack user id
 * is stable while an email is not (renames, domain moves), so rows are found by Slack id first and
 * by email only as a fallback (CSV-only rows, someone re-hired under a new Slack account).
 * An email change is written in place, keeping the person's id, roles, history and invites,
 * unless another row keeps that address: then only that person is skipped and reported, so one
 * clash never fails the whole sync. Pure, so the rules are testable without a database.
 */
import type { DesiredPerson } from './roster-merge.ts';
import type { Person } from './roster.table.ts';

/** A listed person left untouched because their (new) email belongs to another roster row. */
export interface EmailConflict {
  slackUserId: string;
  email: string;
  /** The row the Slack user is (undefined: they would have been a new row). */
  personId: string | undefined;
  heldBy: { id: string; name: string };
}

export interface RosterPlan {
  updates: { desired: DesiredPerson; existing: Person }[];
  inserts: DesiredPerson[];
  /** Matched rows skipped for a conflict: still present (never marked left), not written. */
  skipped: Person[];
  conflicts: EmailConflict[];
  /** Rows whose current email another person takes in this sync (a swap or a chain of renames). */
  parked: Person[];
}

export function planRoster(current: Person[], desired: DesiredPerson[]): RosterPlan {
  const bySlackId = new Map(current.flatMap((p) => (p.slack_user_id ? [[p.slack_user_id, p] as const] : [])));
  const byEmail = new Map(current.map((p) => [p.email, p]));
  const listed = new Set(desired.map((d) => d.slackUserId));
  const pairs = desired.map((d) => {
    const byAddress = byEmail.get(d.email);
    // Never take over a row that another listed Slack user owns: that one is theirs.
    const fallback = byAddress && (!byAddress.slack_user_id || !listed.has(byAddress.slack_user_id)) ? byAddress : undefined;
    return { d, existing: bySlackId.get(d.slackUserId) ?? fallback };
  });
  const claims = new Set(pairs.filter((p) => p.existing?.email !== p.d.email));

  // A claim fails while its address stays with a row that is not itself moving away; dropping a
  // claim keeps that row's address, which can fail another claim, so repeat until stable.
  const refused = new Map<(typeof pairs)[number], Person>();
  for (let changed = true; changed;) {
    changed = false;
    const moving = new Set([...claims].flatMap((p) => (p.existing ? [p.existing.id] : [])));
    for (const pair of claims) {
      const holder = byEmail.get(pair.d.email);
      if (holder && holder.id !== pair.existing?.id && !moving.has(holder.id)) {
        claims.delete(pair);
        refused.set(pair, holder);
        changed = true;
      }
    }
  }

  const plan: RosterPlan = { updates: [], inserts: [], skipped: [], conflicts: [], parked: [] };
  for (const pair of pairs) {
    const holder = refused.get(pair);
    if (holder) {
      plan.conflicts.push({ slackUserId: pair.d.slackUserId, email: pair.d.email, personId: pair.existing?.id, heldBy: { id: holder.id, name: holder.name } });
      if (pair.existing) plan.skipped.push(pair.existing);
    } else if (pair.existing) {
      plan.updates.push({ desired: pair.d, existing: pair.existing });
    } else {
      plan.inserts.push(pair.d);
    }
  }
  for (const pair of claims) {
    const holder = byEmail.get(pair.d.email);
    if (holder && holder.id !== pair.existing?.id) plan.parked.push(holder);
  }
  return plan;
}

/** A unique placeholder address that satisfies the email CHECK while a row's address moves. */
export function parkingEmail(personId: string): string {
  return `${personId}@renaming.peerpods.invalid`;
}

/** One line an admin can act on, kept short for the run record and the admin home. */
export function describeConflicts(conflicts: EmailConflict[]): string | undefined {
  if (conflicts.length === 0) return undefined;
  const shown = conflicts.slice(0, 10).map((c) => `${c.slackUserId} → ${c.email} (held by ${c.heldBy.name}, person ${c.heldBy.id})`);
  const more = conflicts.length > shown.length ? `; and ${conflicts.length - shown.length} more` : '';
  return `Skipped ${conflicts.length} ${conflicts.length === 1 ? 'person' : 'people'} whose Slack email is already on another roster row: ` +
    `${shown.join('; ')}${more}. Merge or remove the other row (or fix the email in Slack), then sync again.`;
}
