import type { MissingVoters, PollConfig, PollView, Tally, VotingMethod } from '@plenum/contracts';
import { type CastableVote, castableVotes, voteAllowed, voteNow } from '@plenum/domain';
import type { Db } from '../../db/types.ts';
import { presenceOf } from '../attendance/attendance.queries.ts';
import { proxyStanding } from '../ballots/proxy-standing.ts';
import { hallTallyOf } from '../hall/hall.queries.ts';
import { activeGrants } from '../proxies/proxies.queries.ts';
import { Refusal } from '../refusal.ts';
import { declarationTexts } from './declaration-texts.ts';
import { decidedTallyOf } from './lot-tally.ts';
import { draftRoundAfter } from './lots.queries.ts';
import type { PollRecord } from './poll-state.ts';
import { exclusionOf, latestDeclaration, rollRowsFor, votedAmong } from './poll-views.queries.ts';
import { findPoll, listPollRows, partialRoll } from './polls.queries.ts';
import { turnoutOf, unvotedStandings, votesRecorded } from './turnout.queries.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A poll as the API shows it. The computed tally only once closed: no interim results (R23). */
export async function pollView(db: Db, pollId: string) {
  const row = await findPoll(db, pollId);
  if (!row) throw new Refusal('poll.not_found', 'No poll with this id.', { pollId });
  return toView(db, row);
}

export async function listPolls(db: Db, assemblyId: string) {
  const rows = await listPollRows(db, assemblyId);
  return Promise.all(rows.map((r) => toView(db, r)));
}

async function toView(db: Db, row: PollRecord): Promise<PollView> {
  // Votes (C1); while open against the votes that can be cast now, like the live turnout.
  const turnout = row.status === 'open' ? await turnoutOf(db, row.id) : null;
  const voted = turnout?.voted ?? (await votesRecorded(db, row.id));
  const declaration = await latestDeclaration(db, row.id);
  const counted = row.status === 'closed' || row.status === 'declared';
  // R27: a poll voted in the hall shows its result once the hall count is confirmed, with it.
  const hall = counted && row.method !== 'electronic' ? await hallTallyOf(db, row.id) : undefined;
  const recorded = (hall === undefined ? row.tally : hall) as Record<string, unknown> | null;
  // R22: the round as the chair's lot decided it, with the lot; the run-off prepared for a tie.
  const { tally, lot } = counted ? await decidedTallyOf(db, row.id, recorded) : { tally: null, lot: null };
  const runOffPollId =
    (row.tally as { outcome?: string } | null)?.outcome === 'election.tie_runoff_required'
      ? await draftRoundAfter(db, row.agenda_item_id, row.round)
      : null;
  return {
    id: row.id,
    assemblyId: row.assembly_id,
    agendaItemId: row.agenda_item_id,
    round: row.round,
    rehearsal: row.rehearsal,
    kind: row.kind,
    // Text and JSON columns, written only by polls.service and poll-results.service in these shapes.
    itemKind: row.item_kind,
    method: row.method as VotingMethod,
    secret: row.secret,
    threshold: { num: row.threshold_num, den: row.threshold_den },
    options: row.options as string[],
    config: row.config as PollConfig,
    status: row.status,
    openedAt: iso(row.opened_at),
    closedAt: iso(row.closed_at),
    votesAvailable: row.votes_available,
    votesExcluded: row.votes_excluded,
    voted,
    canVoteNow: turnout?.canVoteNow ?? null,
    ballotCount: row.ballot_count,
    ballotsRoot: row.ballots_root,
    receiptsRoot: row.receipts_root,
    tally: tally as Tally | null,
    lot,
    runOffPollId,
    declaration: declaration
      ? {
          id: declaration.id,
          text: declaration.text,
          lang: declaration.lang,
          texts: declarationTexts(declaration.text, declaration.lang, declaration.translation),
          outcome: String((declaration.result as { outcome?: string }).outcome ?? ''),
          at: new Date(declaration.at).toISOString(),
          by: declaration.declared_by,
        }
      : null,
  };
}

/**
 * The votes a member may cast in a poll — their own, as representative, and as proxy holder (R4,
 * R7, R10) — and which are already cast: one screen for all of them, not one ballot after another.
 */
export async function myVotes(db: Db, pollId: string, memberId: string) {
  const poll = await findPoll(db, pollId);
  if (!poll) throw new Refusal('poll.not_found', 'No poll with this id.', { pollId });
  const presence = await presenceOf(db, poll.assembly_id, memberId);
  const base = { pollId, status: poll.status, present: presence.present };
  if (poll.status === 'draft') return { ...base, votes: [], reason: 'poll.not_open' };
  // R27: with a hall method, whoever is in the room votes there, counted by the tellers.
  if (presence.present && presence.channel === 'room' && (await hallTallyOf(db, pollId)) !== undefined)
    return { ...base, votes: [], reason: 'vote.counted_in_hall' };
  const grants = await activeGrants(db, poll.assembly_id, { holderId: memberId });
  const rows = await rollRowsFor(
    db,
    pollId,
    memberId,
    grants.map((g) => g.principalId),
  );
  const excluded = await exclusionOf(db, pollId, memberId);
  const roll = partialRoll(rows, { id: memberId, excludedReason: excluded?.reason });
  const castable = allowedVotes(
    memberId,
    castableVotes(memberId, roll, grants),
    rows,
    excluded?.reason ?? null,
    await proxyStanding(
      db,
      poll.assembly_id,
      pollId,
      grants.map((g) => g.principalId),
    ),
  );
  const done = new Set(
    await votedAmong(db, pollId, castable.length ? castable.map((c) => c.memberId) : [memberId]),
  );
  const info = new Map(rows.map((r) => [r.member_id, r] as const));
  const votes = castable.map((c) => {
    const r = info.get(c.memberId);
    const capacity = c.memberId === memberId ? 'own' : c.capacity;
    return {
      memberId: c.memberId,
      memberNumber: r?.member_number ?? '',
      name: `${r?.given_name ?? ''} ${r?.family_name ?? ''}`.trim(),
      capacity,
      cast: done.has(c.memberId),
    };
  });
  const own = info.get(memberId);
  const reason = votes.length > 0 ? null : (excluded?.reason ?? own?.reason ?? 'roll.not_on_register');
  return { ...base, votes, reason };
}

/**
 * Only what a cast would accept: each vote goes through the same domain decision as the cast
 * (`voteAllowed`), so a principal present in person (R5) or an advance vote ranked first (C8) is
 * not offered to the proxy holder.
 */
function allowedVotes(
  voterId: string,
  castable: readonly CastableVote[],
  rows: readonly { member_id: string; status: string; reason: string | null }[],
  voterExcluded: string | null,
  standing: Awaited<ReturnType<typeof proxyStanding>>,
): CastableVote[] {
  const state = {
    voterId,
    voterExcluded,
    castable,
    roll: rows.map((r) => ({
      memberId: r.member_id,
      status: r.status as 'eligible' | 'excluded' | 'ineligible',
      reason: r.reason,
    })),
    ...standing,
  };
  return castable.filter((c) => voteAllowed(state, c.memberId).ok);
}

/**
 * Who can vote now and has not voted yet, by member number: the domain (`voteNow`) decides for each
 * member with someone checked in who might cast the vote, and says how it can be cast (room, online,
 * or by a proxy holder; R4, R5, R7, R10, R25). Members whose advance vote waits have voted (C8).
 */
export async function missingVoters(db: Db, pollId: string): Promise<MissingVoters> {
  if (!(await findPoll(db, pollId))) throw new Refusal('poll.not_found', 'No poll with this id.', { pollId });
  const { advanceVoting, members } = await unvotedStandings(db, pollId);
  const listed: MissingVoters['members'] = [];
  for (const m of members) {
    const now = voteNow(m, advanceVoting);
    if (now.state !== 'open') continue;
    const by = now.by === m.memberId ? null : (m.people.get(now.by) ?? null);
    listed.push({
      memberId: m.memberId,
      memberNumber: m.memberNumber,
      name: m.name,
      votes: m.votes,
      channel: now.channel,
      by,
    });
  }
  return { pollId, total: listed.length, votes: listed.reduce((s, m) => s + m.votes, 0), members: listed };
}
