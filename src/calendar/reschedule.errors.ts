/** The clicker is not a current member of the pod (or the pod does not exist). Audited. */
export class NotInPodError extends Error {
  constructor() {
    super('Only members of this pod can change its time.');
    this.name = 'NotInPodError';
  }
}

/** The request or choice no longer applies (the pod moved since, ended, or has no session left). */
export class RescheduleStaleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RescheduleStaleError';
  }
}

/**
 * The chosen slot stopped being free for some members after it was offered: nothing moved, and a
 * fresh request (`freshOfferId`) was stored for the offer job to fill in.
 */
export class RescheduleNoLongerFreeError extends RescheduleStaleError {
  constructor(message: string, readonly freshOfferId: string | null) {
    super(message);
    this.name = 'RescheduleNoLongerFreeError';
  }
}

export const isRescheduleRefusal = (error: unknown): error is NotInPodError | RescheduleStaleError =>
  error instanceof NotInPodError || error instanceof RescheduleStaleError;
