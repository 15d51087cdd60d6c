import type { NudgeRequest } from '../nudges/nudge.service.ts';
import type { KnownBlock } from '@slack/types';
import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { effectiveSettings } from '../programmes/programme.service.ts';
import type { Programme } from '../programmes/programme.table.ts';
import type { Pod } from '../pods/pod.table.ts';
import type { OutboxState } from '../outbox/outbox.table.ts';
import { inviteBlocks, reminderClosedBlocks, type InviteMessage } from '../slack/blocks/invite.blocks.ts';
import { slotText } from '../core/slots/index.ts';
import type { CalendarSettings } from '../calendar/booking.service.ts';
import { findWave } from './wave.repository.ts';
import type { Invite, InviteStatus, Wave } from './wave.table.ts';

/** A wave with its programme and the settings it runs with (programme defaults + overrides). */
export interface WaveContext {
  wave: Wave;
  programme: Programme;
  settings: ReturnType<typeof effectiveSettings>;
  /** Whether and where confirmed pods get a calendar series (sessions exist either way). */
  calendar?: CalendarSettings;
  /** Who launched the wave, named in invites as the person to ask. */
  leadName?: string;
}

export async function loadWaveContext(db: Executor, waveId: string, lockedWave?: Wave): Promise<WaveContext> {
  const wave = lockedWave ?? (await findWave(db, waveId));
  if (!wave) throw new Error(`wave ${waveId} not found`);
  // The programme and the launching lead's name in one round trip (an answer's ack waits on it).
  const row = await db.selectFrom('programme').selectAll('programme')
    .select((eb) => eb.selectFrom('person').select('person.name').where('person.id', '=', wave.created_by ?? null).as('lead_name_of_wave'))
    .where('programme.id', '=', wave.programme_id).executeTakeFirst();
  if (!row) throw new Error(`programme ${wave.programme_id} not found`);
  const { lead_name_of_wave: leadName, ...programme } = row;
  return { wave, programme, settings: effectiveSettings(programme, wave.settings), ...(leadName !== null && leadName !== undefined ? { leadName } : {}) };
}

const LIVE = new Set(['pending', 'accepted']);

/** Every invite message of a pod as it should read now, keyed by invite id. */
export async function podInviteMessages(db: Executor, ctx: WaveContext, pod: Pick<Pod, 'id' | 'name' | 'slot' | 'min_size'>): Promise<{ invites: Invite[]; messages: Map<string, InviteMessage>; slackIds: Map<string, string> }> {
  // The pod's invites with their people in one round trip (an answer's ack waits on it).
  const rows = await db.selectFrom('invite')
    .innerJoin('person', 'person.id', 'invite.person_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .selectAll('invite')
    .select([
      'person.name as card_name', 'person.slack_user_id as card_slack_user_id', 'person.timezone as card_timezone',
      sql<string>`coalesce(team.name, 'No team')`.as('card_team'), 'person.department as card_department',
    ])
    .where('invite.pod_id', '=', pod.id).orderBy('invite.created_at').orderBy('invite.id').execute();
  const invites: Invite[] = [];
  const cards = new Map<string, { name: string; slackUserId: string | null; timezone: string; team: string; department: string | null }>();
  for (const { card_name: name, card_slack_user_id: slackUserId, card_timezone: timezone, card_team: team, card_department: department, ...invite } of rows) {
    invites.push(invite);
    cards.set(invite.person_id, { name, slackUserId, timezone, team, department });
  }
  const live = invites.filter((i) => LIVE.has(i.status));
  const accepted = live.filter((i) => i.status === 'accepted').length;
  const messages = new Map<string, InviteMessage>();
  const slackIds = new Map<string, string>();
  for (const invite of invites) {
    const card = cards.get(invite.person_id);
    if (card?.slackUserId) slackIds.set(invite.id, card.slackUserId);
    messages.set(invite.id, {
      inviteId: invite.id,
      programmeName: ctx.programme.name,
      podName: pod.name,
      others: live.filter((o) => o.person_id !== invite.person_id).map((o) => ({ name: cards.get(o.person_id)?.name ?? 'someone', team: cards.get(o.person_id)?.team ?? '' })),
      cadenceWeeks: ctx.settings.cadenceWeeks,
      sessionCount: ctx.settings.sessionCount,
      sessionMinutes: ctx.settings.sessionMinutes,
      startWeek: ctx.wave.start_week,
      deadline: ctx.wave.invite_deadline,
      ...(card?.timezone ? { timezone: card.timezone } : {}),
      ...(pod.slot ? { slot: slotText(pod.slot.occurrences.map((o) => ({ start: Date.parse(o.start), end: Date.parse(o.end) })), card?.timezone ?? 'UTC') } : {}),
      status: invite.status,
      declineKind: invite.decline_kind,
      accepted,
      size: live.length,
      minSize: pod.min_size,
      ...(card ? { team: card.team, department: card.department } : {}),
      ...(ctx.leadName ? { leadName: ctx.leadName } : {}),
    });
  }
  return { invites, messages, slackIds };
}

export const inviteMessageKey = (inviteId: string) => `invite/${inviteId}/message`;
export const reminderKey = (inviteId: string) => `invite/${inviteId}/reminder`;
/** A lead's nudge to an invitee who has not answered: one per invite, ever. */
export const nudgeKey = (inviteId: string) => `invite/${inviteId}/nudge`;

/**
 * The reminder DM carries answer buttons too: once the invite is answered or closed, a reminder
 * that was sent is updated in place so nothing stale stays clickable. Nothing when none was sent.
 * From the reminder row's state, which cancelPending returns: undefined = no reminder row.
 */
export function reminderClose(reminderState: OutboxState | undefined, inviteId: string, status: InviteStatus, programmeName: string): Intent<'slack.update'> | undefined {
  if (!reminderState || reminderState === 'cancelled' || reminderState === 'failed') return undefined;
  return {
    key: `invite/${inviteId}/reminder-closed/${status}`, kind: 'slack.update',
    payload: { messageKey: reminderKey(inviteId), ...asPayload(reminderClosedBlocks({ programmeName, status })) },
  };
}

/** The first DM of an invite. */
export function inviteIntent(message: InviteMessage, slackUserId: string): Intent<'slack.message'> {
  return { key: inviteMessageKey(message.inviteId), kind: 'slack.message', payload: { channel: slackUserId, ...asPayload(inviteBlocks(message)) } };
}

/**
 * The first DM of an invite, as a nudge: the respect policy delivers it at the invitee's next
 * allowed moment (08:00–19:00 in their zone, their working days, the weekly cap; nobody paused
 * or gone), under the same key as the outbox message, so updates and answers find it.
 */
/** An invite through the respect policy; past the wave's deadline it is useless, so it is dropped, never late. */
export function inviteNudge(message: InviteMessage, personId: string, programmeId: string, podId: string, deadline?: Date): NudgeRequest {
  return { key: inviteMessageKey(message.inviteId), kind: 'invite', to: [personId], message: asPayload(inviteBlocks(message)), programmeId, podId, ...(deadline ? { staleAt: deadline } : {}) };
}

/** An in-place update of an invite's DM; `tag` makes the key unique per logical change. */
export function inviteUpdateIntent(message: InviteMessage, tag: string): Intent<'slack.update'> {
  return { key: `invite/${message.inviteId}/${tag}`, kind: 'slack.update', payload: { messageKey: inviteMessageKey(message.inviteId), ...asPayload(inviteBlocks(message)) } };
}

/** Block Kit objects as the outbox stores them (plain JSON records). */
export function asPayload(m: { text: string; blocks: KnownBlock[] }): { text: string; blocks: Record<string, unknown>[] } {
  return { text: m.text, blocks: m.blocks as unknown as Record<string, unknown>[] };
}
