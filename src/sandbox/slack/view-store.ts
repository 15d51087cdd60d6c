import { newTriggerId, randomHex } from './ids.ts';
import { SlackApiError, isRecord, refused } from './params.ts';
import { viewProblems } from './block-kit/index.ts';
import type { Workspace } from './workspace.ts';

/** A view as Slack returns it from views.* and sends it in interaction payloads. */
export interface SlackView {
  id: string;
  team_id: string;
  type: 'home' | 'modal';
  blocks: Array<Record<string, unknown>>;
  private_metadata: string;
  callback_id: string;
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  title: unknown;
  clear_on_close: boolean;
  notify_on_close: boolean;
  close: unknown;
  submit: unknown;
  previous_view_id: string | null;
  root_view_id: string;
  app_id: string;
  external_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

interface Trigger { userId: string; issuedAt: number; used: boolean; fromViewId?: string }

/** A trigger_id lives 3 s and can be exchanged for one view. */
export const TRIGGER_TTL_MS = 3_000;
const MAX_MODAL_STACK = 3;
/** Slack answers view_too_large past 250 kB of view JSON. */
const MAX_VIEW_BYTES = 250 * 1024;

/** Home tabs per user, open modal stacks, and the trigger ids that open them. */
export class ViewStore {
  readonly byId = new Map<string, { view: SlackView; userId: string }>();
  /** Every version of each user's home tab, in publish order. */
  readonly homeHistory = new Map<string, SlackView[]>();
  private readonly homeOf = new Map<string, string>();
  /** Open modal stacks, root first, per user. */
  readonly stacks = new Map<string, string[]>();
  private readonly triggers = new Map<string, Trigger>();

  constructor(private readonly ws: Workspace) {}

  issueTrigger(userId: string, fromViewId?: string): string {
    const id = newTriggerId(this.ws.now());
    this.triggers.set(id, { userId, issuedAt: this.ws.now(), used: false, ...(fromViewId ? { fromViewId } : {}) });
    return id;
  }

  /** Exchanges a trigger for the right to show a view, failing as Slack does. */
  redeemTrigger(triggerId: string): Trigger {
    const trigger = this.triggers.get(triggerId);
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (this.ws.now() - trigger.issuedAt > TRIGGER_TTL_MS) throw new SlackApiError('expired_trigger_id');
    if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
    trigger.used = true;
    return trigger;
  }

  home(userId: string): SlackView | undefined {
    const id = this.homeOf.get(userId);
    return id ? this.byId.get(id)?.view : undefined;
  }

  publishHome(userId: string, input: unknown, hash: string | undefined): SlackView {
    const current = this.home(userId);
    if (hash !== undefined && current && current.hash !== hash) throw new SlackApiError('hash_conflict');
    const view = this.build(input, 'home', current?.id);
    this.store(view, userId);
    this.homeOf.set(userId, view.id);
    this.homeHistory.set(userId, [...(this.homeHistory.get(userId) ?? []), view]);
    return view;
  }

  openModal(userId: string, input: unknown): SlackView {
    const view = this.build(input, 'modal');
    this.store(view, userId);
    this.stacks.set(userId, [view.id]);
    return view;
  }

  pushModal(userId: string, input: unknown): SlackView {
    const stack = this.stacks.get(userId);
    if (!stack || stack.length === 0) throw new SlackApiError('not_found');
    if (stack.length >= MAX_MODAL_STACK) throw new SlackApiError('push_limit_reached');
    const rootId = stack[0]!;
    const view = { ...this.build(input, 'modal'), root_view_id: rootId, previous_view_id: stack[stack.length - 1]! };
    this.store(view, userId);
    stack.push(view.id);
    return view;
  }

  /** views.update: replaces a view's content in place (same id, new hash). */
  update(ref: { viewId?: string; externalId?: string }, input: unknown, hash: string | undefined): SlackView {
    const found = ref.viewId ? this.byId.get(ref.viewId) : [...this.byId.values()].reverse().find((v) => v.view.external_id === ref.externalId);
    if (!found) throw new SlackApiError('not_found');
    if (hash !== undefined && found.view.hash !== hash) throw new SlackApiError('hash_conflict');
    const built = this.build(input, found.view.type, found.view.id);
    // An update that does not name an external_id keeps the one the view had.
    const next = { ...built, external_id: built.external_id || found.view.external_id, root_view_id: found.view.root_view_id, previous_view_id: found.view.previous_view_id };
    this.store(next, found.userId);
    if (next.type === 'home') this.homeHistory.set(found.userId, [...(this.homeHistory.get(found.userId) ?? []), next]);
    return next;
  }

  /** The modal on top of a user's stack, if one is open. */
  topModal(userId: string): SlackView | undefined {
    const stack = this.stacks.get(userId);
    const id = stack?.[stack.length - 1];
    return id ? this.byId.get(id)?.view : undefined;
  }

  /** Applies what an app answered to a view_submission (or a plain close). */
  afterSubmission(userId: string, viewId: string, answer: Record<string, unknown> | undefined): void {
    const stack = this.stacks.get(userId) ?? [];
    const action = answer?.response_action;
    if (action === 'errors') return;
    if (action === 'clear') return void this.stacks.delete(userId);
    if (action === 'update') return void this.update({ viewId }, answer?.view, undefined);
    if (action === 'push') return void this.pushModal(userId, answer?.view);
    const index = stack.indexOf(viewId);
    if (index >= 0) stack.splice(index, 1);
    if (stack.length === 0) this.stacks.delete(userId);
  }

  /** Home tabs and open modals: an external_id must be unique among them (Slack: per team). */
  private liveViewIds(): string[] {
    return [...this.homeOf.values(), ...[...this.stacks.values()].flat()];
  }

  private store(view: SlackView, userId: string): void {
    this.byId.set(view.id, { view, userId });
  }

  private build(input: unknown, type: 'home' | 'modal', keepId?: string): SlackView {
    const problems = viewProblems(input, type);
    if (problems.length > 0 || !isRecord(input)) throw refused('invalid_arguments', problems);
    if (JSON.stringify(input).length > MAX_VIEW_BYTES) throw new SlackApiError('view_too_large');
    const externalId = typeof input.external_id === 'string' ? input.external_id : '';
    if (externalId && this.liveViewIds().some((id) => id !== keepId && this.byId.get(id)?.view.external_id === externalId)) {
      throw new SlackApiError('duplicate_external_id');
    }
    const blocks = input.blocks as Array<Record<string, unknown>>;
    const privateMetadata = typeof input.private_metadata === 'string' ? input.private_metadata : '';
    const id = keepId ?? this.ws.ids.next('V');
    const withIds = blocks.map((b) => ('block_id' in b ? b : { ...b, block_id: randomHex(3) }));
    return {
      id, team_id: this.ws.teamId, type, blocks: withIds, private_metadata: privateMetadata,
      callback_id: typeof input.callback_id === 'string' ? input.callback_id : '',
      state: { values: {} }, hash: `${Math.floor(this.ws.now() / 1000)}.${randomHex(4)}`,
      title: input.title ?? { type: 'plain_text', text: 'View Title', emoji: true },
      clear_on_close: input.clear_on_close === true, notify_on_close: input.notify_on_close === true,
      close: input.close ?? null, submit: input.submit ?? null, previous_view_id: null, root_view_id: id,
      app_id: this.ws.app.appId, external_id: typeof input.external_id === 'string' ? input.external_id : '',
      app_installed_team_id: this.ws.teamId, bot_id: this.ws.app.botId,
    };
  }
}
