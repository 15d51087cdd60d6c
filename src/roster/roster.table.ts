import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type PersonStatus = 'active' | 'paused' | 'left';
export type LeftReason = 'opted_out' | 'departed';
export type TeamSource = 'department' | 'org_unit' | 'usergroup' | 'csv';
export type Role = 'lead' | 'hr' | 'admin';

export interface TeamTable {
  id: Generated<string>;
  name: string;
  source: TeamSource;
  external_id: string | null;
  created_at: Generated<Date>;
}

export interface PersonTable {
  id: Generated<string>;
  email: string;
  slack_user_id: string | null;
  name: string;
  timezone: Generated<string>;
  team_id: string | null;
  department: string | null;
  org_unit: string | null;
  manager_email: string | null;
  location: string | null;
  title: string | null;
  is_guest: Generated<boolean>;
  status: Generated<PersonStatus>;
  paused_until: Timestamp | null;
  left_reason: LeftReason | null;
  enrolled: Generated<boolean>;
  in_slack: Generated<boolean>;
  in_directory: Generated<boolean>;
  in_csv: Generated<boolean>;
  last_synced_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PersonRoleTable {
  person_id: string;
  role: Role;
  granted_by: string | null;
  granted_at: Generated<Date>;
}

/** The first Slack account an address was seen with (written by a trigger on person). */
export interface AddressHolderTable {
  email: string;
  slack_user_id: string;
  first_seen_at: Generated<Date>;
}

export interface RosterSyncTable {
  id: Generated<string>;
  source: 'slack_directory' | 'csv';
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: Generated<'running' | 'succeeded' | 'failed'>;
  stats: Generated<Record<string, number>>;
  error: string | null;
}

export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
export type Team = Selectable<TeamTable>;
