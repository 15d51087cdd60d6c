import { sql, type Kysely } from 'kysely';

// The first Slack account each email address was seen with. PEERPODS_ADMINS may name an admin by
// email; an address handed to a new Slack account after its holder left (a recycled address)
// must not hand the new account that admin grant. A trigger records every (email, account) pair
// however a person row is written (roster sync, CSV import, a script), so no path can skip it.
// The placeholder addresses the roster sync parks rows on during a swap are not addresses.
// Frozen in time: never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE address_holder (
      email text PRIMARY KEY,
      slack_user_id text NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO address_holder (email, slack_user_id)
      SELECT email, slack_user_id FROM person
      WHERE slack_user_id IS NOT NULL AND email NOT LIKE '%@renaming.peerpods.invalid'
      ON CONFLICT (email) DO NOTHING;
    CREATE FUNCTION remember_address_holder() RETURNS trigger AS $$
    BEGIN
      IF NEW.slack_user_id IS NOT NULL AND NEW.email NOT LIKE '%@renaming.peerpods.invalid' THEN
        INSERT INTO address_holder (email, slack_user_id) VALUES (NEW.email, NEW.slack_user_id)
          ON CONFLICT (email) DO NOTHING;
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER person_address_holder AFTER INSERT OR UPDATE OF email, slack_user_id ON person
      FOR EACH ROW EXECUTE FUNCTION remember_address_holder();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER person_address_holder ON person;
    DROP FUNCTION remember_address_holder();
    DROP TABLE address_holder;
  `.execute(db);
}
