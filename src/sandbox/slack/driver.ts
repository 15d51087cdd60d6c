import { randomHex } from './ids.ts';
import { isRecord } from './params.ts';
import { formEncodePayload, signSlackRequest } from './signing.ts';
import { buildStateValues, interactiveElements } from './view-state.ts';
import { actionOf, parseBody } from './payloads.ts';
import { present } from './methods/chat.ts';
import type { SlackView } from './view-store.ts';
import type { Workspace } from './workspace.ts';

/** What the app answered: HTTP status, the parsed body (JSON, text, or undefined when empty) and the time taken. */
export interface DriverResult {
  status: number;
  body: unknown;
  latencyMs: number;
  /** True when the app did not answer within Slack's 3 s (status is then 0). */
  timedOut?: boolean;
}

export interface ClickInput {
  userId: string;
  actionId: string;
  /** Must match the element's value if both exist; defaults to the element's value. */
  value?: string;
  blockId?: string;
  /** A view id (home tab or modal); when neither view nor message is given, the user's home tab. */
  view?: string | { id: string };
  /** A message the app posted: the click comes from its blocks. */
  message?: { channel: string; ts: string };
  /** For selects/overflow/radio: the option value(s) picked. */
  selected?: string | string[];
  /** What is typed into the view's inputs at click time (see submitView). */
  values?: Record<string, unknown>;
}

/** A request body as Slack would send it, before signing. */
export interface UnsignedRequest {
  body: string;
  contentType: string;
}

export type ForgeKind = 'bad_signature' | 'stale_timestamp' | 'no_signature' | 'tampered_body';

export interface SentInteraction {
  type: 'block_actions' | 'block_suggestion' | 'view_submission' | 'event';
  userId: string;
  actionId?: string;
  status: number;
  latencyMs: number;
}

/** Slack's side of the conversation: signed interactions and events sent to the app's request URL. */
export class SlackDriver {
  /** Every interaction and event sent to the app, with its answer: the demo counts answers here. */
  readonly sent: SentInteraction[] = [];
  private requestUrl = '';
  private signingSecret = '';
  private timeoutMs = 3_000;
  private responseSeq = 0;

  constructor(private readonly ws: Workspace, private readonly baseUrl: string) {}

  /** Where the app listens (e.g. http://127.0.0.1:PORT/slack/events) and the secret it verifies with. */
  configure(input: { requestUrl: string; signingSecret: string; timeoutMs?: number }): void {
    this.requestUrl = input.requestUrl;
    this.signingSecret = input.signingSecret;
    if (input.timeoutMs !== undefined) this.timeoutMs = input.timeoutMs;
  }

  /** A user clicks a button (or picks from a select) in a message, the home tab or a modal: a block_actions interaction. */
  async clickButton(input: ClickInput): Promise<DriverResult> {
    const { body, contentType, actionId } = this.clickRequest(input);
    const result = await this.send(body, contentType);
    this.sent.push({ type: 'block_actions', userId: input.userId, actionId, status: result.status, latencyMs: result.latencyMs });
    return result;
  }

  /**
   * The unsigned request a click would send, without sending it: a load generator in another
   * process signs and posts it at its own pace (signatures must carry the time of sending).
   */
  clickRequest(input: ClickInput): UnsignedRequest & { actionId: string } {
    const source = this.clickSource(input);
    const element = this.findElement(source.blocks, input);
    const triggerId = this.ws.views.issueTrigger(input.userId, source.view?.id);
    const action = actionOf(element.element, element.blockId, input, this.ws.now());
    const payload: Record<string, unknown> = {
      type: 'block_actions', user: this.userRef(input.userId), api_app_id: this.ws.app.appId, token: this.verificationToken(),
      container: source.container, trigger_id: triggerId, team: { id: this.ws.teamId, domain: this.ws.domain },
      enterprise: null, is_enterprise_install: false, ...source.extra,
      state: { values: source.view ? buildStateValues(source.blocks, input.values) : {} }, actions: [action],
    };
    if (source.view) payload.view = { ...source.view, state: payload.state };
    return { body: formEncodePayload(payload), contentType: 'application/x-www-form-urlencoded', actionId: String(action.action_id ?? input.actionId) };
  }

  /**
   * A user types into an external select in a modal or the home tab: a signed block_suggestion
   * request, as Slack sends to the app's options load URL. Returns the options the app answered.
   */
  async suggest(input: { userId: string; actionId: string; value: string; view?: string | { id: string } }): Promise<DriverResult & { options: Record<string, unknown>[] }> {
    const ref = typeof input.view === 'string' ? input.view : input.view?.id;
    const view = ref ? this.ws.views.byId.get(ref)?.view : (this.ws.views.topModal(input.userId) ?? this.ws.views.home(input.userId));
    if (!view) throw new Error(`suggest: ${input.userId} has no open view`);
    const element = this.findElement(view.blocks, { userId: input.userId, actionId: input.actionId });
    if (!String(element.element.type).includes('external_select')) throw new Error(`suggest: "${input.actionId}" is not an external select`);
    const payload = {
      type: 'block_suggestion', user: this.userRef(input.userId), container: { type: 'view', view_id: view.id }, api_app_id: this.ws.app.appId,
      token: this.verificationToken(), action_id: input.actionId, block_id: element.blockId, value: input.value,
      team: { id: this.ws.teamId, domain: this.ws.domain }, enterprise: null, is_enterprise_install: false, view,
    };
    const result = await this.send(formEncodePayload(payload), 'application/x-www-form-urlencoded');
    this.sent.push({ type: 'block_suggestion', userId: input.userId, actionId: input.actionId, status: result.status, latencyMs: result.latencyMs });
    const body = isRecord(result.body) ? result.body : {};
    const groups = Array.isArray(body.option_groups) ? body.option_groups.flatMap((g) => (isRecord(g) && Array.isArray(g.options) ? g.options : [])) : [];
    const options = [...(Array.isArray(body.options) ? body.options : []), ...groups].filter(isRecord);
    if (options.length > 100) throw new Error(`suggest: Slack shows at most 100 options; the app answered ${options.length}`);
    return { ...result, options };
  }

  /** A user presses Submit on a modal (default: the one on top of their stack). Applies the app's response_action. */
  async submitView(input: { userId: string; view?: string | { id: string }; values?: Record<string, unknown> }): Promise<DriverResult> {
    const ref = typeof input.view === 'string' ? input.view : input.view?.id;
    const view = ref ? this.ws.views.byId.get(ref)?.view : this.ws.views.topModal(input.userId);
    if (!view || view.type !== 'modal') throw new Error(`submitView: no open modal ${ref ?? `for ${input.userId}`}; open one with views.open first`);
    const state = { values: buildStateValues(view.blocks, input.values) };
    const payload = {
      type: 'view_submission', team: { id: this.ws.teamId, domain: this.ws.domain }, user: this.userRef(input.userId),
      api_app_id: this.ws.app.appId, token: this.verificationToken(), trigger_id: this.ws.views.issueTrigger(input.userId, view.id),
      view: { ...view, state }, response_urls: [], is_enterprise_install: false, enterprise: null,
    };
    const result = await this.send(formEncodePayload(payload), 'application/x-www-form-urlencoded');
    if (result.status === 200) this.ws.views.afterSubmission(input.userId, view.id, isRecord(result.body) ? result.body : undefined);
    return result;
  }

  /** The user closes a modal with Cancel/X: a view_closed interaction if the view asked for notify_on_close. */
  async closeView(input: { userId: string; view?: string | { id: string } }): Promise<DriverResult | undefined> {
    const ref = typeof input.view === 'string' ? input.view : input.view?.id;
    const view = ref ? this.ws.views.byId.get(ref)?.view : this.ws.views.topModal(input.userId);
    if (!view || view.type !== 'modal') throw new Error(`closeView: no open modal ${ref ?? `for ${input.userId}`}`);
    this.ws.views.afterSubmission(input.userId, view.id, undefined);
    if (!view.notify_on_close) return undefined;
    const payload = {
      type: 'view_closed', team: { id: this.ws.teamId, domain: this.ws.domain }, user: this.userRef(input.userId), api_app_id: this.ws.app.appId,
      token: this.verificationToken(), view, is_cleared: false, is_enterprise_install: false, enterprise: null,
    };
    return this.send(formEncodePayload(payload), 'application/x-www-form-urlencoded');
  }

  /** The user opens the app's Home tab: an app_home_opened event (with the published view, if any). */
  async openHome(userId: string, retry?: { num: number; reason?: string }): Promise<DriverResult> {
    return this.sendEvent(this.homeOpenedEvent(userId), retry);
  }

  /** The app_home_opened event Slack would send for this user now. */
  homeOpenedEvent(userId: string): Record<string, unknown> {
    const channel = this.ws.conversations.openIm(userId).conversation.id;
    const view = this.ws.views.home(userId);
    return { type: 'app_home_opened', user: userId, channel, tab: 'home', ...(view ? { view } : {}) };
  }

  /** The unsigned request an event would send (see clickRequest). */
  eventRequest(event: Record<string, unknown>): UnsignedRequest {
    return { body: JSON.stringify(this.envelope(event)), contentType: 'application/json' };
  }

  /** Any event, wrapped in Slack's event_callback envelope, sent once. */
  async sendEvent(event: Record<string, unknown>, retry?: { num: number; reason?: string }): Promise<DriverResult> {
    const body = JSON.stringify(this.envelope(event));
    const headers: Record<string, string> = retry ? { 'x-slack-retry-num': String(retry.num), 'x-slack-retry-reason': retry.reason ?? 'http_timeout' } : {};
    return this.send(body, 'application/json', headers);
  }

  /**
   * Delivers an event as Slack does: when the app does not answer 2xx within 3 s, the same envelope
   * (same event_id) is sent again with x-slack-retry-num 1..maxRetries. Returns every attempt.
   */
  async deliverEvent(event: Record<string, unknown>, maxRetries = 3): Promise<DriverResult[]> {
    const body = JSON.stringify(this.envelope(event));
    const attempts: DriverResult[] = [await this.send(body, 'application/json')];
    while (attempts.length <= maxRetries) {
      const last = attempts[attempts.length - 1]!;
      if (last.status >= 200 && last.status < 300) break;
      const headers = { 'x-slack-retry-num': String(attempts.length), 'x-slack-retry-reason': last.timedOut ? 'http_timeout' : 'http_error' };
      attempts.push(await this.send(body, 'application/json', headers));
    }
    return attempts;
  }

  /** A request that must be rejected (401): wrong secret, 10-minute-old timestamp, no signature, or body changed after signing. */
  async forge(kind: ForgeKind, userId: string): Promise<DriverResult> {
    const channel = this.ws.conversations.openIm(userId).conversation.id;
    const body = JSON.stringify(this.envelope({ type: 'app_home_opened', user: userId, channel, tab: 'home' }));
    const now = Math.floor(Date.now() / 1000);
    const ts = kind === 'stale_timestamp' ? now - 600 : now;
    const signature = signSlackRequest(kind === 'bad_signature' ? `${this.signingSecret}x` : this.signingSecret, ts, body);
    const sent = kind === 'tampered_body' ? body.replace(userId, 'U0FORGED00') : body;
    return this.sendRaw({ body: sent, contentType: 'application/json', timestamp: ts, ...(kind === 'no_signature' ? {} : { signature }) });
  }

  /** Sends exactly these bytes and headers to the request URL. */
  async sendRaw(input: { body: string; contentType: string; timestamp?: number; signature?: string; headers?: Record<string, string> }): Promise<DriverResult> {
    if (!this.requestUrl) throw new Error('Slack driver: call driver.configure({ requestUrl, signingSecret }) first');
    const headers: Record<string, string> = { 'content-type': input.contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...input.headers };
    if (input.timestamp !== undefined) headers['x-slack-request-timestamp'] = String(input.timestamp);
    if (input.signature !== undefined) headers['x-slack-signature'] = input.signature;
    const started = performance.now();
    try {
      const res = await fetch(this.requestUrl, { method: 'POST', headers, body: input.body, signal: AbortSignal.timeout(this.timeoutMs) });
      const text = await res.text();
      return { status: res.status, body: parseBody(text), latencyMs: performance.now() - started };
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { status: 0, body: undefined, latencyMs: performance.now() - started, timedOut: true };
      throw error;
    }
  }

  private send(body: string, contentType: string, headers: Record<string, string> = {}): Promise<DriverResult> {
    // Bolt checks the timestamp against the wall clock, so signatures use real time, not the emulated clock.
    const timestamp = Math.floor(Date.now() / 1000);
    return this.sendRaw({ body, contentType, timestamp, signature: signSlackRequest(this.signingSecret, timestamp, body), headers });
  }

  private envelope(event: Record<string, unknown>): Record<string, unknown> {
    const eventTime = Math.floor(this.ws.now() / 1000);
    return {
      token: this.verificationToken(), team_id: this.ws.teamId, context_team_id: this.ws.teamId, context_enterprise_id: null,
      api_app_id: this.ws.app.appId, event: { ...event, event_ts: this.ws.ts.next(this.ws.now()) }, type: 'event_callback',
      event_id: `Ev${randomHex(5).toUpperCase()}`, event_time: eventTime,
      authorizations: [{ enterprise_id: null, team_id: this.ws.teamId, user_id: this.ws.app.botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false, event_context: `4-${randomHex(24)}`,
    };
  }

  private clickSource(input: ClickInput): { blocks: unknown[]; view?: SlackView; container: Record<string, unknown>; extra: Record<string, unknown> } {
    if (input.message) {
      const conversation = this.ws.conversations.get(input.message.channel);
      const message = conversation?.messages.find((m) => m.ts === input.message!.ts);
      if (!conversation || !message) throw new Error(`clickButton: no message ${input.message.ts} in ${input.message.channel}`);
      if (!conversation.members.includes(input.userId) && conversation.kind !== 'channel') throw new Error(`clickButton: ${input.userId} cannot see ${conversation.id}`);
      const path = `/actions/${this.ws.teamId}/${++this.responseSeq}/${randomHex(12)}`;
      this.ws.responseUrls.set(path, { channel: conversation.id, ts: message.ts, userId: input.userId });
      const name = conversation.kind === 'im' ? 'directmessage' : conversation.name;
      return {
        blocks: message.blocks ?? [], container: { type: 'message', message_ts: message.ts, channel_id: conversation.id, is_ephemeral: false },
        extra: { channel: { id: conversation.id, name }, message: present(message, false), response_url: `${this.baseUrl.replace(/\/$/, '')}${path}` },
      };
    }
    const ref = typeof input.view === 'string' ? input.view : input.view?.id;
    const view = ref ? this.ws.views.byId.get(ref)?.view : this.ws.views.home(input.userId);
    if (!view) throw new Error(`clickButton: ${ref ? `no view ${ref}` : `${input.userId} has no home tab published`}`);
    return { blocks: view.blocks, view, container: { type: 'view', view_id: view.id }, extra: {} };
  }

  private findElement(blocks: unknown[], input: ClickInput): { blockId: string; element: Record<string, unknown> } {
    const matches = interactiveElements(blocks).filter(
      (e) => e.element.action_id === input.actionId && (input.blockId === undefined || e.blockId === input.blockId) && (input.value === undefined || e.element.value === undefined || e.element.value === input.value),
    );
    if (matches.length === 0) throw new Error(`clickButton: the user sees no element with action_id "${input.actionId}"${input.value ? ` and value "${input.value}"` : ''}${input.blockId ? ` in block "${input.blockId}"` : ''}`);
    if (matches.length > 1) throw new Error(`clickButton: ${matches.length} elements match action_id "${input.actionId}"; pass blockId or value`);
    return matches[0]!;
  }

  private userRef(userId: string): Record<string, unknown> {
    const user = this.ws.requireUser(userId);
    return { id: user.id, username: user.name, name: user.name, team_id: this.ws.teamId };
  }

  private verificationToken(): string {
    return 'sandboxverificationtoken';
  }
}
