/** Someone clicked a session's button who may not: not its facilitator, or not in the pod. */
export class NotYourSessionError extends Error {
  constructor(readonly sessionId: string, readonly need: 'facilitator' | 'member') {
    super(need === 'facilitator'
      ? "Only this session's facilitator can do that. If you are in the pod, ask them in your group chat."
      : 'Only members of this pod can answer for its sessions.');
    this.name = 'NotYourSessionError';
  }
}

/** The session can no longer take this answer (it already happened, was skipped, or is gone). */
export class SessionClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionClosedError';
  }
}

/** A date that cannot be a session's new date; nothing was changed. */
export class BadMoveDateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadMoveDateError';
  }
}
