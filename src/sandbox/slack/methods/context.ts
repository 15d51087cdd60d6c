import type { Params } from '../params.ts';
import type { Workspace } from '../workspace.ts';

/** What a Web API method handler gets: parsed arguments, the workspace and who is calling. */
export interface CallContext {
  params: Params;
  ws: Workspace;
  caller: { userId: string; botId?: string; token: string };
  /** http://127.0.0.1:PORT/ — for URLs the emulator itself serves (upload_url). */
  baseUrl: string;
}

/** Returns the fields after "ok": true, or throws SlackApiError. */
export type MethodHandler = (ctx: CallContext) => Record<string, unknown>;
