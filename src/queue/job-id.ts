import { InvalidJobIdError } from './errors.ts';

/**
 * Builds a deterministic BullMQ job id from a kind and its parts, e.g.
 * `jobId('wave-deadline', waveId, '2025-03-01T09:00:00Z')` → `wave-deadline/42/2025-03-01T09%3A00%3A00Z`.
 * Parts are percent-encoded, so ids never contain ':' (BullMQ's key separator) and two different
 * part lists never give the same id. The kind must not be all digits, so no id is (BullMQ treats
 * all-digit ids as its own counter values).
 */
export function jobId(kind: string, ...parts: (string | number | bigint)[]): string {
  if (!/^[a-z][a-z0-9-]*$/i.test(kind)) {
    throw new InvalidJobIdError(kind, 'the kind must start with a letter and use letters, digits and -');
  }
  return [kind, ...parts.map((part) => encodeURIComponent(String(part)))].join('/');
}

/** Throws InvalidJobIdError when BullMQ would misread the id; used by enqueue for caller-made ids. */
export function assertJobId(id: string): void {
  if (id.length === 0) throw new InvalidJobIdError(id, 'it is empty');
  if (id.includes(':')) throw new InvalidJobIdError(id, "it contains ':'");
  if (/^\d+$/.test(id)) throw new InvalidJobIdError(id, 'it is all digits');
}
