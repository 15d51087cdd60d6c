/** A signed report link that has been opened: bound to the browser that opened it first. */
export interface ReportLinkTable {
  nonce: string;
  person_id: string;
  expires_at: Date;
  /** sha256 of the secret cookie given to that browser. */
  browser_hash: string;
  first_opened_at: Date;
  last_opened_at: Date;
}
