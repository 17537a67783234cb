import type { LiveChange } from '@plenum/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock, Random } from '../deps.ts';
import type { BallotKeys } from './ballots/ballot-seal.ts';

/** What every service needs, wired once in buildApp (docs/ARCHITECTURE.md). */
export interface ServiceContext {
  db: Kysely<DB>;
  clock: Clock;
  random: Random;
  /** The per-poll keys that seal ballots until the close (never stored in the database). */
  ballotKeys: BallotKeys;
  /** Called after a commit that changed what live clients see (wired to LISTEN/NOTIFY later). */
  afterCommit?: (event: LiveChange) => void;
  /** The cooperative's name and public address, as printed on the invitation (optional in tests). */
  site?: { cooperativeName: string | null; publicUrl?: string | undefined };
}

/** Who is acting: a staff user or a member (for audit fields and authority checks). */
export type Actor = { kind: 'staff'; username: string } | { kind: 'member'; memberId: string };

export function actorLabel(actor: Actor): string {
  return actor.kind === 'staff' ? `staff:${actor.username}` : `member:${actor.memberId}`;
}
