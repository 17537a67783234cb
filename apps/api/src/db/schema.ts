import type { ColumnType, Generated } from 'kysely';

/** Calendar dates travel as 'YYYY-MM-DD' strings (type parsers are set in database.ts). */
export type DateString = string;
type Timestamp = ColumnType<Date, Date | string | undefined, never>;

/** The register of members (Mitgliederliste). */
export interface MembersTable {
  id: Generated<string>;
  member_number: string;
  given_name: string;
  family_name: string;
  email: string | null;
  /** Number of shares held: an integer, never a float (DESIGN §5.5). It never weighs a vote (R1). */
  shares: Generated<number>;
  admission_date: DateString;
  exit_date: DateString | null;
  is_legal_person: Generated<boolean>;
  created_at: Timestamp;
}

export interface DB {
  members: MembersTable;
}
