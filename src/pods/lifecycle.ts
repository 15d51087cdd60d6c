import type { WaveStatus } from '../waves/wave.table.ts';
import type { PodStatus } from './pod.table.ts';

/**
 * The one place that says how pods and waves move through their lives, and who moves them.
 * The database enforces the same edges (trigger `pod_status_transition` / `wave_status_transition`
 * in migration 2026_12_01_0300): a change that is not listed here fails, whoever attempts it.
 *
 * A pod row is one ROUND of a pod: a time-limited commitment (e.g. weekly × 6). A pod that decides
 * to continue gets a new row (round + 1, previous_pod_id → the old row), so every round keeps its
 * own sessions, retro answers and outcome.
 *
 * Pod round:
 *
 *   proposed ─launch─▶ inviting ─deadline─▶ confirmed ─sessions exist─▶ scheduled ─1st session─▶ running
 *       │                 │                     │                          │                      │
 *       └──────cancel─────┴──too few accepted───┴──────▶ dissolved ◀───────┘                      │
 *                                                                                 last session starts
 *   running ──────────────────────────────────────────────────────────────────────────────▶ retro
 *   retro ─decision: continue─▶ continued  (and a new round: confirmed, round + 1)
 *   retro ─decision: close────▶ closed
 *   confirmed | scheduled | running ─fewer than 2 members left─▶ closed (early)
 *   confirmed | scheduled | running ─a member asks to hold the retro now─▶ retro (early, the pod decides)
 *
 * Wave (its status follows its pods' FIRST rounds; continued rounds keep the wave id for history
 * but do not hold the wave open):
 *
 *   draft ─launch─▶ inviting ─deadline─▶ forming ─a first-round pod is running─▶ running
 *   running ─every first-round pod is in retro or ended─▶ retro ─every first-round pod ended─▶ done
 *   forming | running ─no first-round pod left alive (all dissolved or ended)─▶ done
 *   draft | inviting ─lead cancels─▶ cancelled
 *
 * Ended = continued or closed. People whose round ended are invitable again (see
 * `invitableNow` in src/roster/availability.repository.ts: only seats in live pods block), and
 * their pairing history keeps them apart from the same people in later waves.
 */
export const POD_TRANSITIONS: Record<PodStatus, readonly PodStatus[]> = {
  proposed: ['inviting', 'dissolved'],
  inviting: ['confirmed', 'dissolved'],
  confirmed: ['scheduled', 'running', 'retro', 'closed', 'dissolved'],
  scheduled: ['running', 'retro', 'closed', 'dissolved'],
  running: ['retro', 'closed'],
  retro: ['continued', 'closed'],
  continued: [],
  closed: [],
  dissolved: [],
};

export const WAVE_TRANSITIONS: Record<WaveStatus, readonly WaveStatus[]> = {
  draft: ['inviting', 'cancelled'],
  inviting: ['forming', 'cancelled'],
  forming: ['running', 'done'],
  running: ['retro', 'done'],
  retro: ['done'],
  done: [],
  cancelled: [],
};

/** Who (or what) triggers each pod transition: for the README and for reviewers. */
export const POD_TRIGGERS: Record<string, string> = {
  'proposed→inviting': 'a lead launches the wave (wave-launch job)',
  'proposed→dissolved': 'a lead cancels the wave',
  'inviting→confirmed': 'the invite deadline (wave-deadline job): at least the minimum accepted',
  'inviting→dissolved': 'the invite deadline: too few accepted (members merged or re-matched), or a lead cancels',
  'confirmed→scheduled': "the reconcile tick, once the round's sessions exist (calendar writes them at confirmation)",
  'confirmed→dissolved': 'a lead dissolves a pod before it meets',
  'scheduled→running': "the reconcile tick, when the round's first session starts",
  'running→retro': "the reconcile tick, when the round's last session starts; or any member holds the retro early",
  'retro→continued': 'the retro decision (reconcile tick): everyone answered or the retro window closed',
  'retro→closed': 'the retro decision, as above',
  '*→closed (early)': 'the reconcile tick, when fewer than 2 members are left in a round that has not ended',
};

/** Pod states whose members hold a seat (not invitable for other waves). */
export const LIVE_POD_STATUSES = ['confirmed', 'scheduled', 'running', 'retro'] as const satisfies readonly PodStatus[];
export const ENDED_POD_STATUSES = ['continued', 'closed'] as const satisfies readonly PodStatus[];

export function podMayMove(from: PodStatus, to: PodStatus): boolean {
  return from === to || POD_TRANSITIONS[from].includes(to);
}

export function waveMayMove(from: WaveStatus, to: WaveStatus): boolean {
  return from === to || WAVE_TRANSITIONS[from].includes(to);
}
