import { describe, expect, it } from 'vitest';
import { answerableDeadline } from '../../src/core/nudges/invite-deadline.ts';
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
});
