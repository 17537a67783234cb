import { type Kysely, sql } from 'kysely';

/*
 * The ballot store (ledger SPEC.md): assemblies, agenda, polls and their rolls, attendance, proxies,
 * participation, ballots, declarations, objections and the hash-chained ledger.
 *
 * Secrecy (R23): `ballots` has no member, no timestamp, no sequence and no foreign key to
 * `participation`; its key is a random uuid. Open (named) polls may store the member.
 * Append-only: triggers reject UPDATE, DELETE and TRUNCATE on the evidence tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE members
      ADD COLUMN kind text NOT NULL DEFAULT 'natural_person'
        CHECK (kind IN ('natural_person', 'legal_person', 'partnership')),
      ADD COLUMN investing boolean NOT NULL DEFAULT false,
      ADD COLUMN votes integer NOT NULL DEFAULT 1 CHECK (votes BETWEEN 1 AND 3),
      ADD COLUMN notice_given_on date,
      ADD COLUMN expulsion_letter_sent_at timestamptz,
      ADD COLUMN deceased_on date,
      ADD COLUMN has_legal_capacity boolean NOT NULL DEFAULT true
  `.execute(db);
  await sql`UPDATE members SET kind = 'legal_person' WHERE is_legal_person`.execute(db);

  // §43(4), §77(1): who acts for a legal person, a partnership, a member without legal capacity or
  // the heirs. `person_id` is the representative's member id when they are a member.
  await sql`
    CREATE TABLE member_representatives (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      member_id uuid NOT NULL REFERENCES members(id),
      person_id uuid NOT NULL DEFAULT gen_random_uuid(),
      representative_member_id uuid REFERENCES members(id),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('legal_representative', 'authorised_partner', 'heirs_joint_representative')),
      UNIQUE (member_id, person_id)
    )`.execute(db);

  // Who sat on which board and when: the basis of the §43(6) exclusions (R10, R11) and of R21.
  await sql`
    CREATE TABLE offices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      member_id uuid NOT NULL REFERENCES members(id),
      body text NOT NULL CHECK (body IN ('management_board', 'supervisory_board', 'prokura')),
      from_date date NOT NULL,
      to_date date,
      CHECK (to_date IS NULL OR to_date >= from_date)
    )`.execute(db);
  await sql`CREATE INDEX offices_member_idx ON offices (member_id)`.execute(db);

  await sql`
    CREATE TABLE assemblies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL,
      form text NOT NULL CHECK (form IN ('in_person', 'virtual', 'hybrid', 'extended')),
      place text,
      registered_seat text NOT NULL,
      starts_at timestamptz NOT NULL,
      chair_name text,
      status text NOT NULL DEFAULT 'preparation' CHECK (status IN ('preparation', 'convened', 'open', 'closed')),
      statute jsonb NOT NULL,
      current_item_id uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE agenda_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      position integer NOT NULL CHECK (position > 0),
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL DEFAULT '',
      announced_on date,
      details jsonb NOT NULL DEFAULT '{}',
      UNIQUE (assembly_id, position)
    )`.execute(db);

  await sql`
    CREATE TABLE candidates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agenda_item_id uuid NOT NULL REFERENCES agenda_items(id),
      member_id uuid NOT NULL REFERENCES members(id),
      position integer NOT NULL,
      accepted_at timestamptz,
      UNIQUE (agenda_item_id, member_id)
    )`.execute(db);

  await sql`
    CREATE TABLE polls (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      agenda_item_id uuid NOT NULL REFERENCES agenda_items(id),
      round integer NOT NULL DEFAULT 1,
      kind text NOT NULL CHECK (kind IN ('majority', 'election')),
      item_kind text NOT NULL,
      method text NOT NULL,
      secret boolean NOT NULL,
      threshold_num integer NOT NULL CHECK (threshold_num >= 0),
      threshold_den integer NOT NULL CHECK (threshold_den > 0),
      options jsonb NOT NULL DEFAULT '[]',
      config jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'declared')),
      opened_at timestamptz,
      closed_at timestamptz,
      votes_available integer,
      votes_excluded integer,
      ballots_root text,
      receipts_root text,
      ballot_count integer,
      close_ledger_seq bigint,
      tally jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (agenda_item_id, round),
      CHECK ((status = 'draft') = (opened_at IS NULL)),
      CHECK ((status IN ('closed', 'declared')) = (closed_at IS NOT NULL AND ballots_root IS NOT NULL))
    )`.execute(db);

  // The roll snapshot, taken when the poll opens (R3): one row per member on the register, with
  // whether they may vote, how many votes, and why not (ineligible or §43(6)-excluded, R12).
  await sql`
    CREATE TABLE poll_roll (
      poll_id uuid NOT NULL REFERENCES polls(id),
      member_id uuid NOT NULL REFERENCES members(id),
      status text NOT NULL CHECK (status IN ('eligible', 'excluded', 'ineligible')),
      votes integer NOT NULL CHECK (votes >= 0),
      actors uuid[] NOT NULL DEFAULT '{}',
      reason text,
      PRIMARY KEY (poll_id, member_id),
      CHECK ((status = 'eligible') = (reason IS NULL))
    )`.execute(db);
  // §43(6) for proxy holders and representatives: persons excluded who are not members themselves.
  await sql`
    CREATE TABLE poll_excluded_persons (
      poll_id uuid NOT NULL REFERENCES polls(id),
      person_id uuid NOT NULL,
      reason text NOT NULL,
      PRIMARY KEY (poll_id, person_id)
    )`.execute(db);

  await sql`
    CREATE TABLE attendance (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      member_id uuid NOT NULL REFERENCES members(id),
      event text NOT NULL CHECK (event IN ('check_in', 'check_out', 'refused')),
      channel text NOT NULL CHECK (channel IN ('room', 'online')),
      actor text NOT NULL,
      reason text,
      at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX attendance_member_idx ON attendance (assembly_id, member_id, id DESC)`.execute(db);

  await sql`
    CREATE TABLE proxies (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      grant_id uuid NOT NULL,
      event text NOT NULL CHECK (event IN ('granted', 'rejected', 'revoked')),
      principal_id uuid NOT NULL REFERENCES members(id),
      holder_member_id uuid REFERENCES members(id),
      holder_name text,
      form text NOT NULL CHECK (form IN ('text', 'written')),
      document_ref text,
      document_hash text,
      reason text,
      actor text NOT NULL,
      at timestamptz NOT NULL,
      CHECK ((event = 'rejected') = (reason IS NOT NULL) OR event = 'revoked')
    )`.execute(db);
  await sql`CREATE INDEX proxies_principal_idx ON proxies (assembly_id, principal_id, id DESC)`.execute(db);
  await sql`CREATE INDEX proxies_holder_idx ON proxies (assembly_id, holder_member_id)`.execute(db);

  // Who took part in a poll and through which channel (R5, R27). One row per poll and member:
  // one member, one vote is a database fact. No time column: nothing here orders the casts.
  await sql`
    CREATE TABLE participation (
      poll_id uuid NOT NULL REFERENCES polls(id),
      member_id uuid NOT NULL REFERENCES members(id),
      channel text NOT NULL CHECK (channel IN ('room', 'online', 'proxy', 'advance')),
      cast_by uuid,
      PRIMARY KEY (poll_id, member_id)
    )`.execute(db);

  // What was voted. Secret polls: no member, no time, no order; the id is random (R23).
  await sql`
    CREATE TABLE ballots (
      id uuid PRIMARY KEY,
      poll_id uuid NOT NULL REFERENCES polls(id),
      secret boolean NOT NULL,
      member_id uuid REFERENCES members(id),
      weight integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 3),
      choice jsonb NOT NULL,
      CHECK (secret = (member_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX ballots_poll_idx ON ballots (poll_id)`.execute(db);

  // Receipt hashes, kept apart from the ballots: nothing pairs a receipt with a choice, so a receipt
  // proves that a ballot of this poll was counted, never how it was cast (R23, ledger SPEC.md).
  await sql`
    CREATE TABLE receipts (
      poll_id uuid NOT NULL REFERENCES polls(id),
      receipt_hash text NOT NULL,
      PRIMARY KEY (poll_id, receipt_hash)
    )`.execute(db);

  // Accepted ballots waiting to be chained. The cast transaction writes the ballot here together
  // with its participation row; the chainer moves a batch into "ballots" (shuffled, in its own
  // transaction, with one ledger entry) using DELETE … RETURNING, which never skips a late commit.
  // So no transaction id or physical order pairs a row of "ballots" with one of "participation".
  await sql`
    CREATE TABLE ballot_outbox (
      id uuid PRIMARY KEY,
      poll_id uuid NOT NULL REFERENCES polls(id),
      secret boolean NOT NULL,
      member_id uuid,
      weight integer NOT NULL,
      choice jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX ballot_outbox_poll_idx ON ballot_outbox (poll_id)`.execute(db);

  await sql`
    CREATE TABLE declarations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      poll_id uuid NOT NULL REFERENCES polls(id),
      corrects_id uuid REFERENCES declarations(id),
      text text NOT NULL,
      result jsonb NOT NULL,
      declared_by text NOT NULL,
      at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX declarations_first_idx ON declarations (poll_id) WHERE corrects_id IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE objections (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      poll_id uuid REFERENCES polls(id),
      member_id uuid REFERENCES members(id),
      member_number text,
      text text NOT NULL,
      status text NOT NULL CHECK (status IN ('recorded', 'refused')),
      reason text,
      recorded_by text NOT NULL,
      at timestamptz NOT NULL,
      CHECK (status = 'recorded' OR reason IS NOT NULL)
    )`.execute(db);

  await sql`
    CREATE TABLE ledger (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      at text NOT NULL,
      type text NOT NULL,
      assembly_id uuid,
      payload jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    )`.execute(db);
  // The chain head: one row, locked by every appender, so the chain can never fork.
  await sql`
    CREATE TABLE ledger_head (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      seq bigint NOT NULL,
      hash text NOT NULL
    )`.execute(db);
  await sql`INSERT INTO ledger_head (id, seq, hash) VALUES (true, 0, repeat('0', 64))`.execute(db);

  await sql`
    CREATE FUNCTION plenum_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'append-only table %: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'P0001', HINT = 'Record a correction as a new row instead.';
    END $$`.execute(db);
  for (const table of APPEND_ONLY) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION plenum_reject_change()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION plenum_reject_change()`,
      )
      .execute(db);
  }
}

const APPEND_ONLY = [
  'ballots',
  'receipts',
  'participation',
  'attendance',
  'proxies',
  'declarations',
  'objections',
  'ledger',
  'poll_roll',
  'poll_excluded_persons',
] as const;

export async function down(): Promise<void> {
  throw new Error('The ballot store is evidence: it is never migrated down.');
}
