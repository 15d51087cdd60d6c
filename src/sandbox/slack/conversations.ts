import type { Workspace } from './workspace.ts';

export type ConversationKind = 'channel' | 'im' | 'mpim';

export interface Conversation {
  id: string;
  kind: ConversationKind;
  name: string;
  members: string[];
  created: number;
  messages: StoredMessage[];
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A message as Slack holds it; `history` is every earlier version (chat.update keeps it). */
export interface StoredMessage {
  type: 'message';
  ts: string;
  channel: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  text: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  files?: unknown[];
  edited?: { user: string; ts: string };
  history: Array<{ text: string; blocks?: unknown[]; metadata?: MessageMetadata; at: string }>;
}

/** Channels, DMs and group DMs, and the messages in them. */
export class ConversationStore {
  readonly byId = new Map<string, Conversation>();
  private readonly imByUser = new Map<string, string>();
  private readonly mpimByMembers = new Map<string, string>();

  constructor(private readonly ws: Workspace) {}

  create(kind: ConversationKind, members: string[], name: string): Conversation {
    const prefix = kind === 'channel' ? 'C' : kind === 'im' ? 'D' : 'G';
    const id = this.ws.ids.next(prefix);
    const conversation: Conversation = { id, kind, name, members: [...new Set(members)], created: Math.floor(this.ws.now() / 1000), messages: [] };
    this.byId.set(id, conversation);
    return conversation;
  }

  /** The app's DM with a user: the same D… id every time. */
  openIm(userId: string): { conversation: Conversation; existed: boolean } {
    const known = this.imByUser.get(userId);
    if (known) return { conversation: this.byId.get(known)!, existed: true };
    const conversation = this.create('im', [userId, this.ws.app.botUserId], userId);
    this.imByUser.set(userId, conversation.id);
    return { conversation, existed: false };
  }

  /** A group DM of these users plus the bot: the same G… id for the same set, in any order. */
  openMpim(userIds: string[]): { conversation: Conversation; existed: boolean } {
    const members = [...new Set([...userIds, this.ws.app.botUserId])].sort();
    const key = members.join(',');
    const known = this.mpimByMembers.get(key);
    if (known) return { conversation: this.byId.get(known)!, existed: true };
    const name = `mpdm-${members.map((m) => this.ws.user(m)?.name ?? m).join('--')}-1`;
    const conversation = this.create('mpim', members, name);
    this.mpimByMembers.set(key, conversation.id);
    return { conversation, existed: false };
  }

  imOf(userId: string): Conversation | undefined {
    const id = this.imByUser.get(userId);
    return id ? this.byId.get(id) : undefined;
  }

  get(id: string): Conversation | undefined {
    return this.byId.get(id);
  }

  /** Every message now held, oldest first (across conversations, by ts). */
  allMessages(): StoredMessage[] {
    return [...this.byId.values()].flatMap((c) => c.messages).sort((a, b) => compareTs(a.ts, b.ts));
  }
}

export function compareTs(a: string, b: string): number {
  const [as, au] = a.split('.');
  const [bs, bu] = b.split('.');
  return Number(as) - Number(bs) || Number(au ?? 0) - Number(bu ?? 0);
}
