import { randomBytes } from 'node:crypto';

/**
 * Slack-looking identifiers. Ids come from a counter so a run is reproducible (U00000000A1 is
 * the same person every time); tokens and trigger ids are random because apps must never be
 * able to guess them.
 */
export class IdSource {
  private seq = 0;

  /** `U` + 10 upper-case base-36 characters, like Slack's U012AB3CD45. */
  next(prefix: string): string {
    this.seq += 1;
    return prefix + this.seq.toString(36).toUpperCase().padStart(10, '0');
  }
}

/** Message timestamps: "seconds.micros", unique and increasing even when the clock stands still. */
export class TsSource {
  private lastMicros = 0;

  next(nowMs: number): string {
    let micros = Math.floor(nowMs) * 1000;
    if (micros <= this.lastMicros) micros = this.lastMicros + 1;
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Shaped like Slack's: "1234567890123.1234567890123.0123456789abcdef0123456789abcdef". */
export function newTriggerId(nowMs: number): string {
  const digits = () => String(Math.floor(nowMs)) + String(randomBytes(2).readUInt16BE(0)).padStart(5, '0');
  return `${digits()}.${digits()}.${randomHex(16)}`;
}

/** Slack cursors are base64 of "<kind>:<position>", e.g. "dXNlcjpVMDYxTkZUVDI=" for "user:U061NFTT2". */
export function encodeCursor(kind: string, position: string): string {
  return Buffer.from(`${kind}:${position}`).toString('base64');
}

export function decodeCursor(kind: string, cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  return text.startsWith(`${kind}:`) ? text.slice(kind.length + 1) : undefined;
}
