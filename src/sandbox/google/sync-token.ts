/**
 * Sync tokens for events.list incremental sync. A token names the calendar and the store's
 * change counter when it was issued; a later list with it returns what changed since, deleted
 * events included. A token that does not decode, names another calendar, or predates
 * `expireSyncTokens()` answers 410 fullSyncRequired, as Google does when a token expires.
 */
import { GoogleApiFailure } from './http.ts';

export interface SyncPosition {
  calendar: string;
  seq: number;
}

export function encodeSyncToken(position: SyncPosition, epoch: number): string {
  return Buffer.from(`s:${epoch}:${position.seq}:${position.calendar}`).toString('base64url');
}

export function decodeSyncToken(token: string, calendar: string, epoch: number): SyncPosition {
  const match = /^s:(\d+):(\d+):(.+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || Number(match[1]) !== epoch || match[3] !== calendar) {
    throw new GoogleApiFailure(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
  }
  return { calendar, seq: Number(match[2]) };
}

/** Parameters Google refuses beside a syncToken. */
export const NOT_WITH_SYNC_TOKEN = ['iCalUID', 'orderBy', 'privateExtendedProperty', 'q', 'sharedExtendedProperty', 'timeMin', 'timeMax', 'updatedMin'];
