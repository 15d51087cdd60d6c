import { describe, expect, it } from 'vitest';
import { fieldErrors, programmeInputSchema, PROGRAMME_DEFAULTS } from '../../src/programmes/programme.settings.ts';
import { launchDateErrors, launchInputSchema, seedOf } from '../../src/waves/launch-input.ts';

describe('programme settings', () => {
  it('accepts the practice defaults', () => {
    expect(programmeInputSchema.parse({ ...PROGRAMME_DEFAULTS, name: 'Pods' })).toMatchObject({ minSize: 4, maxSize: 5, podSizes: 'larger', sessionCount: 6, sessionMinutes: 60 });
    expect(programmeInputSchema.safeParse({ ...PROGRAMME_DEFAULTS, name: 'Pods', podSizes: 'tiny' }).success).toBe(false);
  });
  it('reports each bad field by name, for inline modal errors', () => {
    const result = programmeInputSchema.safeParse({ ...PROGRAMME_DEFAULTS, name: ' ', minSize: '6', maxSize: '5', sessionMinutes: '600', workDays: [] });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(Object.keys(errors).sort()).toEqual(['maxSize', 'name', 'sessionMinutes', 'workDays']);
    const sizes = fieldErrors(programmeInputSchema.safeParse({ ...PROGRAMME_DEFAULTS, name: 'x', minSize: 6, maxSize: 5 }).error!);
    expect(sizes.maxSize).toContain('at least the smallest');
    const hours = fieldErrors(programmeInputSchema.safeParse({ ...PROGRAMME_DEFAULTS, name: 'x', workStart: '10:00', workEnd: '10:30' }).error!);
    expect(hours.sessionMinutes).toContain('fit in the working hours');
  });
});

describe('launch input', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  it('wants a future Monday and a deadline before it', () => {
    expect(launchDateErrors({ startWeek: '2026-03-17', inviteDeadline: '2026-03-13' }, now)).toEqual({ startWeek: 'Pods start on a Monday: pick a Monday' });
    expect(launchDateErrors({ startWeek: '2026-03-16', inviteDeadline: '2026-03-16' }, now)).toEqual({ inviteDeadline: 'Close invites before the start week' });
    expect(launchDateErrors({ startWeek: '2026-03-16', inviteDeadline: '2026-03-01' }, now).inviteDeadline).toContain('passed');
    expect(launchDateErrors({ startWeek: '2026-03-16', inviteDeadline: '2026-03-13' }, now)).toEqual({});
  });
  it('needs a programme and at least one team; overrides are optional numbers', () => {
    const parsed = launchInputSchema.safeParse({ programmeId: 'x', teamIds: [], startWeek: '2026-03-16', inviteDeadline: '2026-03-13', minSize: 'abc' });
    expect(Object.keys(fieldErrors(parsed.error!)).sort()).toEqual(['minSize', 'programmeId', 'teamIds']);
  });
  it('the same choices give the same seed (a stable preview)', () => {
    const a = { programmeId: 'p', teamIds: ['b', 'a'], startWeek: '2026-03-16' };
    expect(seedOf(a)).toBe(seedOf({ ...a, teamIds: ['a', 'b'] }));
    expect(seedOf(a)).not.toBe(seedOf({ ...a, startWeek: '2026-03-23' }));
  });
});
