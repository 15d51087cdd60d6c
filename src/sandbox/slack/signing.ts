import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)). */
export function signSlackRequest(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

/** Interactions travel as a form field `payload` holding JSON. */
export function formEncodePayload(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
