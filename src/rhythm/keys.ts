/**
 * Deterministic outbox/nudge keys of a session's messages. A moved session (version > 0) gets
 * fresh keys, so its new prompt, reminder and check-in go out even though the old ones did.
 */
const base = (sessionId: string, version: number) => `session/${sessionId}${version > 0 ? `/v${version}` : ''}`;

export const sessionKeys = (sessionId: string, version: number) => ({
  prompt: `${base(sessionId, version)}/prompt`,
  reminder: `${base(sessionId, version)}/reminder`,
  checkIn: `${base(sessionId, version)}/check-in`,
  followUp: `${base(sessionId, version)}/check-in/follow-up`,
  handover: (personId: string) => `${base(sessionId, version)}/handover/${personId}`,
  skipNotice: `session/${sessionId}/skip-notice`,
});

export const attentionKey = (podId: string, sessionId: string) => `pod/${podId}/attention/${sessionId}`;
export const digestKey = (personId: string, weekStart: string) => `digest/${personId}/${weekStart}`;
