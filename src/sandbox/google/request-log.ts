/**
 * Everything the Google emulator received, for tests and the demo's figures: the API method
 * name (as in googleapis, e.g. 'calendar.events.insert'), parameters, body, acting user and
 * the status answered (0 when a planned fault answered nothing).
 */
import type { FaultKind } from '../faults.ts';

export interface GoogleCall {
  at: number;
  method: string;
  httpMethod: string;
  path: string;
  params: Record<string, string>;
  body: unknown;
  user: string | undefined;
  status: number;
  fault?: FaultKind;
  /** The call did its work (status is the work's), then the fault took the answer. */
  afterEffect?: true;
  /** The reason of an error answer (e.g. 'duplicate', 'userRateLimitExceeded'). */
  reason?: string;
}

export class GoogleRequestLog {
  private readonly entries: GoogleCall[] = [];

  record(call: GoogleCall): void {
    this.entries.push(call);
  }

  /** Calls of one method (all calls when omitted), oldest first. */
  calls(method?: string): GoogleCall[] {
    return method === undefined ? [...this.entries] : this.entries.filter((c) => c.method === method);
  }

  count(method?: string): number {
    return this.calls(method).length;
  }

  /** Calls answered with a status in [200, 300). */
  succeeded(method?: string): GoogleCall[] {
    return this.calls(method).filter((c) => c.status >= 200 && c.status < 300);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
