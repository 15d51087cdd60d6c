import { describe, expect, it } from 'vitest';
import { answerableDeadline, predictedArrival } from '../../src/core/nudges/invite-deadline.ts';
import { decideNudge } from '../../src/core/nudges/policy.ts';
import { firstWholeWorkingDayEnd, QUIET_HOURS_WINDOW } from '../../src/core/nudges/window.ts';

const latest = new Date('2026-03-15T23:59:00Z');

describe('an invite deadline leaves every invitee a whole working day', () => {
  it('the first whole working day after arrival ends at 19:00 local', () => {
    // Arrives Monday 08:00 in LA: that Monday is whole.
    expect(firstWholeWorkingDayEnd(new Date('2026-03-02T16:00:00Z'), 'America/Los_Angeles', QUIET_HOURS_WINDOW)).toEqual(new Date('2026-03-03T03:00:00Z'));
    // Arrives Friday 15:00 in Auckland: the next whole one is Monday.
    expect(firstWholeWorkingDayEnd(new Date('2026-03-06T02:00:00Z'), 'Pacific/Auckland', QUIET_HOURS_WINDOW)).toEqual(new Date('2026-03-09T06:00:00Z'));
  });

  it("keeps the lead's deadline when it leaves room, moves it when it does not, never into the start week", () => {
    const lead = new Date('2026-03-13T17:00:00Z');
    expect(answerableDeadline(lead, ['Pacific/Auckland', 'America/Los_Angeles'], new Date('2026-03-01T03:00:00Z'), QUIET_HOURS_WINDOW, latest)).toEqual(lead);
    // Launched Friday 18:00 UTC (10:00 in LA, 18:00 in London), closing Monday 17:00 UTC: both get
    // the invite on Friday, late in London's day; their first whole working day is Monday, which
    // ends 19:00 in London and 19:00 PDT (02:00 UTC Tuesday) in LA, after the change to summer time.
    const tight = new Date('2026-03-09T17:00:00Z');
    expect(answerableDeadline(tight, ['Europe/London', 'America/Los_Angeles'], new Date('2026-03-06T18:00:00Z'), QUIET_HOURS_WINDOW, latest)).toEqual(new Date('2026-03-10T02:00:00Z'));
    expect(answerableDeadline(tight, ['Europe/London'], new Date('2026-03-06T18:00:00Z'), QUIET_HOURS_WINDOW, latest)).toEqual(new Date('2026-03-09T19:00:00Z'));
    expect(answerableDeadline(tight, ['America/Los_Angeles'], new Date('2026-03-06T18:00:00Z'), QUIET_HOURS_WINDOW, new Date('2026-03-09T23:00:00Z'))).toEqual(new Date('2026-03-09T23:00:00Z'));
  });

  it('an invitee whose week is full (the weekly cap) gets theirs next week: the deadline leaves them a whole day after that', () => {
    // Launched Monday 2 March 10:00 UTC, lead's deadline Friday 6 March 17:00 UTC. A London invitee
    // already has three counted nudges this week: with a cap of 3 the invite waits for Monday 9 March.
    const now = new Date('2026-03-02T10:00:00Z');
    const lead = new Date('2026-03-06T17:00:00Z');
    const full = { zone: 'Europe/London', booked: ['2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z', '2026-03-04T09:00:00Z'].map((t) => new Date(t)) };
    expect(predictedArrival(full, now, QUIET_HOURS_WINDOW, 3)).toEqual(new Date('2026-03-09T08:00:00Z'));
    expect(answerableDeadline(lead, [full], now, QUIET_HOURS_WINDOW, latest, 3)).toEqual(new Date('2026-03-09T19:00:00Z'));
    // Without the cap in the prediction the deadline would stay Friday, before the invite arrives.
    expect(answerableDeadline(lead, [full], now, QUIET_HOURS_WINDOW, latest)).toEqual(lead);
    // Room under a cap of 4: nothing moves.
    expect(answerableDeadline(lead, [full], now, QUIET_HOURS_WINDOW, latest, 4)).toEqual(lead);
  });

  it('property: the predicted arrival is what the policy decides, and the deadline leaves a whole working day after it', () => {
    const zones = ['Pacific/Auckland', 'Asia/Kolkata', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles'];
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const now = new Date(Date.parse('2026-03-02T00:00:00Z') + Math.floor(rand() * 14 * 24) * 3_600_000);
      const cap = 1 + Math.floor(rand() * 3);
      const invitees = zones.filter(() => rand() < 0.6).map((zone) => ({
        zone, booked: Array.from({ length: Math.floor(rand() * 4) }, () => new Date(now.getTime() + Math.floor((rand() - 0.3) * 6 * 24) * 3_600_000)),
      }));
      const lead = new Date(now.getTime() + 2 * 86_400_000);
      const far = new Date(now.getTime() + 60 * 86_400_000);
      const deadline = answerableDeadline(lead, invitees, now, QUIET_HOURS_WINDOW, far, cap);
      expect(deadline.getTime()).toBeGreaterThanOrEqual(lead.getTime());
      for (const who of invitees) {
        const decided = decideNudge([{ personId: 'p', zone: who.zone, status: 'active', days: QUIET_HOURS_WINDOW.days }],
          { kind: 'invite', plannedAt: now, staleAt: deadline, counts: true, now }, { weeklyCap: cap, window: QUIET_HOURS_WINDOW }, new Map([['p', who.booked]]));
        // Sent with the deadline as its stale time, the invite is never dropped as stale: it arrives
        // when predicted, and a whole working day before the deadline.
        expect(decided.outcome).toBe('send');
        if (decided.outcome !== 'send') continue;
        expect(decided.at).toEqual(predictedArrival(who, now, QUIET_HOURS_WINDOW, cap));
        expect(firstWholeWorkingDayEnd(decided.at, who.zone, QUIET_HOURS_WINDOW).getTime()).toBeLessThanOrEqual(deadline.getTime());
      }
    }
  });
});
