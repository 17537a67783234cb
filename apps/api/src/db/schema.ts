import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Calendar dates travel as 'YYYY-MM-DD' strings (type parsers are set in database.ts). */
export type DateString = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

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
  kind: Generated<'natural_person' | 'legal_person' | 'partnership'>;
  investing: Generated<boolean>;
  votes: Generated<number>;
  notice_given_on: DateString | null;
  expulsion_letter_sent_at: Timestamp | null;
  deceased_on: DateString | null;
  has_legal_capacity: Generated<boolean>;
  created_at: CreatedAt;
}

export interface MemberRepresentativesTable {
  id: Generated<string>;
  member_id: string;
  person_id: Generated<string>;
  representative_member_id: string | null;
  name: string;
  kind: 'legal_representative' | 'authorised_partner' | 'heirs_joint_representative';
}

export interface OfficesTable {
  id: Generated<string>;
  member_id: string;
  body: 'management_board' | 'supervisory_board' | 'prokura';
  from_date: DateString;
  to_date: DateString | null;
}

export type AssemblyForm = 'in_person' | 'virtual' | 'hybrid' | 'extended';

export interface AssembliesTable {
  id: Generated<string>;
  title: string;
  form: AssemblyForm;
  place: string | null;
  registered_seat: string;
  starts_at: Timestamp;
  chair_name: string | null;
  status: Generated<'preparation' | 'convened' | 'open' | 'closed'>;
  statute: Json<Record<string, unknown>>;
  current_item_id: string | null;
  created_at: CreatedAt;
}

export interface AgendaItemsTable {
  id: Generated<string>;
  assembly_id: string;
  position: number;
  kind: string;
  title: string;
  body: Generated<string>;
  announced_on: DateString | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface CandidatesTable {
  id: Generated<string>;
  agenda_item_id: string;
  member_id: string;
  position: number;
  accepted_at: Timestamp | null;
}

export type PollStatus = 'draft' | 'open' | 'closed' | 'declared';

export interface PollsTable {
  id: Generated<string>;
  assembly_id: string;
  agenda_item_id: string;
  round: Generated<number>;
  kind: 'majority' | 'election';
  item_kind: string;
  method: string;
  secret: boolean;
  threshold_num: number;
  threshold_den: number;
  options: ColumnType<unknown[], string | undefined, string>;
  config: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<PollStatus>;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  votes_available: number | null;
  votes_excluded: number | null;
  ballots_root: string | null;
  receipts_root: string | null;
  ballot_count: number | null;
  close_ledger_seq: number | null;
  tally: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface PollRollTable {
  poll_id: string;
  member_id: string;
  status: 'eligible' | 'excluded' | 'ineligible';
  votes: number;
  actors: ColumnType<string[], string[] | undefined, never>;
  reason: string | null;
}

export interface PollExcludedPersonsTable {
  poll_id: string;
  person_id: string;
  reason: string;
}

export interface AttendanceTable {
  id: Generated<number>;
  assembly_id: string;
  member_id: string;
  event: 'check_in' | 'check_out' | 'refused';
  channel: 'room' | 'online';
  actor: string;
  reason: string | null;
  at: Timestamp;
}

export interface ProxiesTable {
  id: Generated<number>;
  assembly_id: string;
  grant_id: string;
  event: 'granted' | 'rejected' | 'revoked';
  principal_id: string;
  holder_member_id: string | null;
  holder_name: string | null;
  form: 'text' | 'written';
  document_ref: string | null;
  document_hash: string | null;
  reason: string | null;
  actor: string;
  at: Timestamp;
}

export type ParticipationChannel = 'room' | 'online' | 'proxy' | 'advance';

export interface ParticipationTable {
  poll_id: string;
  member_id: string;
  channel: ParticipationChannel;
  cast_by: string | null;
}

export interface BallotRow {
  id: string;
  poll_id: string;
  secret: boolean;
  member_id: string | null;
  weight: number;
  choice: ColumnType<unknown, string, never>;
}

export interface ReceiptsTable {
  poll_id: string;
  receipt_hash: string;
}

export interface DeclarationsTable {
  id: Generated<string>;
  poll_id: string;
  corrects_id: string | null;
  text: string;
  result: ColumnType<Record<string, unknown>, string, never>;
  declared_by: string;
  at: Timestamp;
}

export interface ObjectionsTable {
  id: Generated<string>;
  assembly_id: string;
  poll_id: string | null;
  member_id: string | null;
  member_number: string | null;
  text: string;
  status: 'recorded' | 'refused';
  reason: string | null;
  recorded_by: string;
  at: Timestamp;
}

export interface LedgerTable {
  seq: number;
  at: string;
  type: string;
  assembly_id: string | null;
  payload: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface LedgerHeadTable {
  id: boolean;
  seq: number;
  hash: string;
}

export interface DB {
  members: MembersTable;
  member_representatives: MemberRepresentativesTable;
  offices: OfficesTable;
  assemblies: AssembliesTable;
  agenda_items: AgendaItemsTable;
  candidates: CandidatesTable;
  polls: PollsTable;
  poll_roll: PollRollTable;
  poll_excluded_persons: PollExcludedPersonsTable;
  attendance: AttendanceTable;
  proxies: ProxiesTable;
  participation: ParticipationTable;
  ballots: BallotRow;
  ballot_outbox: BallotRow;
  receipts: ReceiptsTable;
  declarations: DeclarationsTable;
  objections: ObjectionsTable;
  ledger: LedgerTable;
  ledger_head: LedgerHeadTable;
}
