import type { StoredMessage } from './conversations.ts';
import type { SlackView } from './view-store.ts';
import type { Workspace } from './workspace.ts';

/** One request the emulator received, whatever became of it. */
export interface LoggedCall {
  seq: number;
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
  at: number;
  status: number;
  ok: boolean;
  error?: string;
  /** Set when a planned fault or a rate limit answered instead of the method. */
  fault?: string;
}

/**
 * Which metadata field makes two messages "the same send": our app puts its outbox idempotency
 * key in `metadata.event_payload.idempotency_key` (falls back to `event_payload.key`).
 */
export function idempotencyKeyOf(message: StoredMessage): string | undefined {
  const payload = message.metadata?.event_payload;
  const key = payload?.idempotency_key ?? payload?.key;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

export interface SlackSummary {
  /** Active human members (not bots, Slackbot or deactivated accounts). */
  people: number;
  calls: number;
  okCalls: number;
  rateLimited: number;
  faultsInjected: number;
  messages: number;
  dmMessages: number;
  groupDmMessages: number;
  channelMessages: number;
  groupDms: number;
  messageUpdates: number;
  homeViewsPublished: number;
  usersWithHome: number;
  modalsOpened: number;
  filesShared: number;
  ephemerals: number;
  /** Extra copies: a key posted three times counts 2. */
  duplicateMessages: number;
  byMethod: Record<string, number>;
}

/** The request log plus the queries tests and the demo ask of the emulator's state. */
export class SlackLog {
  readonly entries: LoggedCall[] = [];

  constructor(private readonly ws: Workspace) {}

  record(call: Omit<LoggedCall, 'seq'>): LoggedCall {
    const entry = { seq: this.entries.length + 1, ...call };
    this.entries.push(entry);
    return entry;
  }

  /** Requests received, optionally for one method, in arrival order. */
  calls(method?: string): LoggedCall[] {
    return method === undefined ? [...this.entries] : this.entries.filter((c) => c.method === method);
  }

  /** Requests per method (all of them, including refused ones). */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const c of this.entries) counts[c.method] = (counts[c.method] ?? 0) + 1;
    return counts;
  }

  /** Messages as they stand now (after updates, with metadata), oldest first; one conversation or all. */
  messages(channel?: string): StoredMessage[] {
    const all = this.ws.conversations.allMessages();
    return channel === undefined ? all : all.filter((m) => m.channel === channel);
  }

  /** The message(s) carrying this idempotency key (see idempotencyKeyOf), oldest first. */
  messagesWithKey(key: string): StoredMessage[] {
    return this.messages().filter((m) => idempotencyKeyOf(m) === key);
  }

  /** Messages in the app's DM with this user (empty if none was ever opened). */
  dmsTo(userId: string): StoredMessage[] {
    const im = this.ws.conversations.imOf(userId);
    return im ? this.messages(im.id) : [];
  }

  /** Every version of the user's home tab, in publish order (the last is what they see). */
  homeViews(userId: string): SlackView[] {
    return [...(this.ws.views.homeHistory.get(userId) ?? [])];
  }

  /** Figures for the demo's closing JSON line and for load tests, all read from the emulator's own state and log. */
  summary(): SlackSummary {
    const users = [...this.ws.users.values()];
    const conversations = [...this.ws.conversations.byId.values()];
    const count = (kind: string) => conversations.filter((c) => c.kind === kind).reduce((n, c) => n + c.messages.length, 0);
    const homes = [...this.ws.views.homeHistory.values()];
    return {
      people: users.filter((u) => !u.is_bot && !u.deleted && u.id !== 'USLACKBOT').length,
      calls: this.entries.length,
      okCalls: this.entries.filter((c) => c.ok).length,
      rateLimited: this.entries.filter((c) => c.status === 429).length,
      faultsInjected: this.entries.filter((c) => c.fault !== undefined && c.fault !== 'ratelimited').length,
      messages: count('im') + count('mpim') + count('channel'),
      dmMessages: count('im'),
      groupDmMessages: count('mpim'),
      channelMessages: count('channel'),
      groupDms: conversations.filter((c) => c.kind === 'mpim').length,
      messageUpdates: conversations.reduce((n, c) => n + c.messages.reduce((k, m) => k + m.history.length, 0), 0),
      homeViewsPublished: homes.reduce((n, h) => n + h.length, 0),
      usersWithHome: homes.filter((h) => h.length > 0).length,
      modalsOpened: this.entries.filter((c) => c.ok && (c.method === 'views.open' || c.method === 'views.push')).length,
      filesShared: [...this.ws.files.byId.values()].filter((f) => f.completed).length,
      ephemerals: this.ws.ephemerals.length,
      duplicateMessages: this.duplicates().reduce((n, g) => n + g.length - 1, 0),
      byMethod: this.counts(),
    };
  }

  /** Groups of messages that share one idempotency key (see idempotencyKeyOf): each group is a duplicate send. */
  duplicates(keyOf: (m: StoredMessage) => string | undefined = idempotencyKeyOf): StoredMessage[][] {
    const groups = new Map<string, StoredMessage[]>();
    for (const m of this.messages()) {
      const key = keyOf(m);
      if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    return [...groups.values()].filter((g) => g.length > 1);
  }
}
