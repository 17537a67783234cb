import {
  type AssemblyForm,
  type AssemblyStatus,
  checkMinutes,
  decideByLot,
  type ElectionRoundResult,
  type MotionBlock,
  minutesPlace,
  parseMotionText,
  permits,
} from '@plenum/domain';
import type { Bundle, BundlePoll } from '@plenum/ledger/verify';
import { formatInstant, type Lang, text } from './minutes-text.ts';

/** One poll as the minutes state it (R27: method, result, the chair's declaration). */
export interface MinutesPoll {
  round: number;
  kind: string;
  secret: boolean;
  method: string;
  threshold: string;
  counts: { yes: number; no: number; abstain: number; invalid: number } | null;
  candidateVotes: { name: string; votes: number; elected: boolean; byLot: boolean }[];
  runoff: string[];
  /** R22: the tie on the last seats and the chair's lot with its inputs and seed, in words; null without a tie. */
  lotText: string | null;
  excludedVotes: number;
  ballots: number;
  resultText: string;
  declaredOutcome: string;
  declarationText: string;
  /** When the chair declared it, in the cooperative's time zone, with the zone's name. */
  declaredAt: string | null;
  deviationReason: string | null;
  /** The chain head right after the declaration: its poll.declared entry (ledger SPEC.md §10.5). */
  declaredHead: { seq: number; hash: string } | null;
  excluded: { name: string; reason: string }[];
  objections: string[];
  /** C5: the method actually used, in words. */
  methodName: string;
  /** R27: the tellers' confirmed hall count, or null (electronic vote, or not confirmed). */
  hall: { yes: number; no: number; abstain: number } | null;
  /** A hall method whose count is not confirmed (the minutes say so). */
  hallPending: boolean;
  /** The electronic ballots' counts, as recorded at the close (majority polls). */
  electronic: { yes: number; no: number; abstain: number; invalid: number } | null;
  /** Electronic votes by channel (participation, never choices). */
  channelVotes: { room: number; online: number; proxy: number; advance: number };
  /** The tellers of the hall count: who counted and who confirmed. */
  tellers: { name: string; role: 'entered' | 'confirmed' }[];
  /** R24: the members' request for a secret ballot, in words, or null. */
  secretRequest: string | null;
  /**
   * R27: for a virtual, hybrid or extended assembly, who took part in this vote by which channel
   * (member numbers and names; never a choice). Empty for an assembly in person.
   */
  participation: { channel: string; count: number; members: string[] }[];
  /** The main motion as adopted amendments from the floor worded it, when it was voted so. */
  amendedText: string | null;
}

/** An agenda item as the minutes state it: its motion text (parsed), proposer, documents, candidates. */
export interface MinutesItem {
  position: number;
  title: string;
  body: MotionBlock[];
  proposer: string;
  /** Name, size in bytes and sha256 of each attached file, as the bundle binds them. */
  documents: { filename: string; size: number; sha256: string }[];
  candidates: { name: string; statement: string }[];
  /** Who spoke, in the order the chair called them (from the ledger's speakers.called entries). */
  speakers: string[];
  polls: MinutesPoll[];
  /** Motions from the floor on the item: those voted in the order voted, then the rest as submitted. */
  floorMotions: MinutesFloorMotion[];
  /** An adopted counter-motion took the main motion's place (C11). */
  mainMotionLapsed: boolean;
}

/** A motion from the floor as the minutes state it: mover, kind, text, the chair's decision, its vote. */
export interface MinutesFloorMotion {
  kind: string;
  mover: string;
  text: string;
  /** Admitted (with its reach rank), not admitted (with the reason), or not yet decided. */
  decision: string;
  /** Its place among the item's motions voted on (1 first); null when it was not voted on. */
  voteNo: number | null;
  poll: MinutesPoll | null;
  /** Adopted, defeated, lapsed, or pending. */
  result: string;
  amendedText: string | null;
}

export interface MinutesModel {
  lang: Lang;
  /** The cooperative's time zone (statute), in which every date and time here is given. */
  timeZone: string;
  title: string;
  place: string;
  placeIsSeat: boolean;
  date: string;
  begin: string;
  form: string;
  chair: string;
  /** R16, R27: when and how the assembly was convened, as recorded. */
  convening: string;
  /**
   * Final only once the assembly is closed and `checkMinutes` (R27) finds nothing missing;
   * otherwise a draft, with the reasons.
   */
  final: boolean;
  findings: string[];
  attendance: { present: number; room: number; online: number; represented: number };
  items: MinutesItem[];
  objections: string[];
  head: { seq: number; hash: string };
  fingerprint: string;
  attendanceListRequired: boolean;
  attendanceList: { memberNumber: string; name: string; presence: string; via: string }[];
}

/**
 * The content of the minutes, built from the signed bundle so that what the minutes say is
 * exactly what plenum-verify checks (R26–R28, §47 GenG).
 */
export function minutesModel(bundle: Bundle, lang: Lang): MinutesModel {
  const t = text(lang);
  const a = bundle.assembly as Record<string, unknown> & Bundle['assembly'];
  const names = new Map(bundle.members.map((m) => [m.id, `${m.name} (${m.memberNumber})`]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const form = a.form as AssemblyForm;
  const statute = (a.statute ?? {}) as { convening?: { timeZone?: unknown } };
  const timeZone =
    typeof statute.convening?.timeZone === 'string' ? statute.convening.timeZone : 'Europe/Berlin';
  const place = minutesPlace(form, (a.place as string | null) ?? null, String(a.registeredSeat));
  const list = (bundle.annexes.attendanceList ?? []) as Record<string, string | null>[];
  const objectionText = (o: Record<string, unknown>) =>
    `${o.memberNumber ?? (o.memberId ? nameOf(String(o.memberId)) : '')}: ${String(o.text)}${o.status === 'refused' ? ` (${String(o.reason ?? '')})` : ''}`;
  const convening = a.convening as { invitedOn?: string; channel?: string } | null | undefined;
  const polls = bundle.polls;
  // R27: the minutes as checked: what they state, and what is printed with them (signature lines
  // for the chair and a board member, the convening, the attendance list when it is required).
  const checked = checkMinutes(
    {
      place,
      date: String(a.startsAt).slice(0, 10),
      form,
      chairName: String(a.chairName ?? ''),
      resolutions: polls
        .filter((p) => p.status === 'declared')
        .map((p) => ({
          method: String(p.method ?? ''),
          result: p.tally === null ? '' : 'counted',
          declaration: p.declarations.at(-1)?.text ?? '',
          participation: p.participation.map((x) => ({ memberId: x.memberId, channel: x.channel })),
        })),
      signatures: { chair: String(a.chairName ?? '').trim() !== '', managementBoardMembers: 1 },
      conveningEvidenceAttached: convening != null,
      attendanceListAttached: true,
    },
    bundle.annexes.attendanceListRequired === true,
  );
  const closed = permits(a.status as AssemblyStatus, 'final_minutes');
  const findings = [
    ...(closed.ok ? [] : [t.draftOpen]),
    ...(checked.ok ? [] : [t.findings[checked.reason] ?? checked.message]),
  ];
  return {
    lang,
    timeZone,
    title: String(a.title),
    convening:
      convening == null
        ? t.notConvened
        : t.conveningLine
            .replace('{date}', formatDate(String(convening.invitedOn), lang))
            .replace('{channel}', t.channels[String(convening.channel)] ?? String(convening.channel)),
    final: findings.length === 0,
    findings,
    place,
    placeIsSeat: place !== a.place || form === 'virtual',
    date: formatInstant(String(a.startsAt), lang, false, timeZone),
    begin: formatInstant(String(a.startsAt), lang, true, timeZone),
    form: t.forms[form] ?? form,
    chair: String(a.chairName ?? ''),
    attendance: {
      present: list.filter((x) => x.presence !== 'proxy').length,
      room: list.filter((x) => x.presence === 'room').length,
      online: list.filter((x) => x.presence === 'online').length,
      represented: list.filter((x) => x.presence === 'proxy').length,
    },
    items: bundle.agenda.map((item) => ({
      position: Number(item.position),
      title: String(item.title),
      body: parseMotionText(String(item.body ?? '')),
      proposer: String(item.proposer ?? ''),
      documents: ((item.documents ?? []) as Record<string, unknown>[]).map((d) => ({
        filename: String(d.filename),
        size: Number(d.size),
        sha256: String(d.sha256),
      })),
      candidates: ((item.candidates ?? []) as Record<string, unknown>[]).map((c) => ({
        name: String(c.name),
        statement: String(c.statement ?? ''),
      })),
      speakers: speakersOf(bundle, String(item.id), nameOf, t.pointOfOrder),
      polls: bundle.polls
        .filter((p) => p.agendaItemId === item.id && p.config.floorMotion === undefined)
        .map((p) => pollModel(p, bundle, lang, timeZone, nameOf, objectionText, form)),
      floorMotions: floorMotionsOf(bundle, String(item.id), (p) =>
        pollModel(p, bundle, lang, timeZone, nameOf, objectionText, form),
      ).map((f) => floorMotionModel(f, lang, nameOf)),
      mainMotionLapsed: bundle.ledger.entries.some(
        (e) =>
          e.type === 'floor_motion.decided' &&
          e.assemblyId === bundle.assembly.id &&
          e.payload.itemId === item.id &&
          e.payload.mainMotionLapses === true,
      ),
    })),
    objections: bundle.objections.filter((o) => o.pollId === null).map(objectionText),
    head: bundle.ledger.head,
    fingerprint: bundle.key.fingerprint,
    attendanceListRequired: bundle.annexes.attendanceListRequired === true,
    attendanceList: list.map((x) => ({
      memberNumber: String(x.memberNumber ?? ''),
      name: String(x.name ?? ''),
      presence: t.csv.presence[String(x.presence)] ?? String(x.presence),
      via: x.via ? nameOf(x.via) : '',
    })),
  };
}

type FloorRow = { motion: Record<string, unknown>; voteNo: number | null; poll: MinutesPoll | null };

/** The item's floor motions: voted ones in the order put to the vote (ledger), then the rest as submitted. */
function floorMotionsOf(bundle: Bundle, itemId: string, poll: (p: BundlePoll) => MinutesPoll): FloorRow[] {
  const voted = new Map<string, number>();
  for (const e of bundle.ledger.entries)
    if (
      e.type === 'floor_motion.put_to_vote' &&
      e.assemblyId === bundle.assembly.id &&
      e.payload.itemId === itemId
    )
      voted.set(String(e.payload.motionId), voted.size + 1);
  const polls = new Map(bundle.polls.map((p) => [p.id, p]));
  return (bundle.floorMotions ?? [])
    .filter((m) => m.itemId === itemId)
    .map((m, i) => ({ m, i, n: voted.get(String(m.id)) ?? null }))
    .sort((a, b) => (a.n ?? Number.MAX_SAFE_INTEGER) - (b.n ?? Number.MAX_SAFE_INTEGER) || a.i - b.i)
    .map(({ m, n }) => {
      const p = m.pollId === null ? undefined : polls.get(String(m.pollId));
      return { motion: m, voteNo: n, poll: p === undefined ? null : poll(p) };
    });
}

function floorMotionModel(f: FloorRow, lang: Lang, nameOf: (id: string) => string): MinutesFloorMotion {
  const t = text(lang).floor;
  const m = f.motion;
  const status = String(m.status);
  return {
    kind: t.kinds[String(m.kind)] ?? String(m.kind),
    mover: nameOf(String(m.memberId)),
    text: String(m.text ?? ''),
    decision:
      status === 'submitted'
        ? t.undecided
        : status === 'rejected'
          ? `${t.rejected}: ${String(m.rejectionReason ?? '')}`
          : t.admitted.replace('{reach}', String(m.reach)),
    voteNo: f.voteNo,
    poll: f.poll,
    // A voted motion's result stands in its poll's lines (result and declaration); the others say why not.
    result:
      f.poll !== null && (status === 'adopted' || status === 'defeated') ? '' : (t.results[status] ?? ''),
    amendedText: m.amendedText === null || m.amendedText === undefined ? null : String(m.amendedText),
  };
}

/** The speakers of an item in call order, read from the signed ledger. */
function speakersOf(
  bundle: Bundle,
  itemId: string,
  nameOf: (id: string) => string,
  pointOfOrder: string,
): string[] {
  return bundle.ledger.entries
    .filter(
      (e) =>
        e.type === 'speakers.called' && e.assemblyId === bundle.assembly.id && e.payload.itemId === itemId,
    )
    .map((e) => {
      const name = nameOf(String(e.payload.memberId));
      return e.payload.pointOfOrder === true ? `${name} (${pointOfOrder})` : name;
    });
}

function decidedByLot(p: BundlePoll): Record<string, unknown> {
  const tally = (p.tally ?? {}) as Record<string, unknown>;
  if (!p.lot || tally.tie === undefined) return tally;
  const decided = decideByLot(tally as unknown as ElectionRoundResult, p.lot.order);
  return decided.ok ? (decided.value as unknown as Record<string, unknown>) : tally;
}

/** R22: the tie and its lot in words, with everything an auditor needs to redraw it (SPEC.md §11). */
function lotText(
  p: BundlePoll,
  t: ReturnType<typeof text>,
  lang: Lang,
  timeZone: string,
  nameOf: (id: string) => string,
): string | null {
  const tie = (p.tally as { tie?: { among: string[]; seats: number; settledBy: string } } | null)?.tie;
  if (tie?.settledBy !== 'lot') return null;
  const seats = (tie.seats === 1 ? t.lotSeats.one : t.lotSeats.other).replace('{count}', String(tie.seats));
  const head = `${t.lotTie} ${tie.among.map(nameOf).join(', ')} ${seats}.`;
  const lot = p.lot;
  if (!lot) return `${head} ${t.lotRequired}`;
  const quote = (v: string) => (lang === 'de' ? `„${v}“` : `“${v}”`);
  return [
    `${head} ${t.lotValue[lot.valueSource]}: ${quote(lot.value)}`,
    `${t.lotHead}: ${t.lotEntry} ${lot.headSeq}, ${lot.head}`,
    `${t.lotSeed}: ${lot.seed}`,
    `${t.lotOrder}: ${lot.order.map(nameOf).join(', ')}`,
    `${t.lotWinners}: ${lot.winners.map(nameOf).join(', ')}`,
    `${t.lotDrawnBy} ${lot.drawnBy}, ${formatInstant(lot.at, lang, true, timeZone)}.`,
  ].join('; ');
}

type Tally = {
  counts?: { yes: number; no: number; abstain: number; invalid: number };
  passed?: boolean;
  excluded?: number;
  ballots?: number;
  votes?: { candidateId: string; votes: number }[];
  elected?: { candidateId: string; byLot: boolean }[];
  nextRoundCandidates?: string[];
  outcome?: string;
};

function pollModel(
  p: BundlePoll,
  bundle: Bundle,
  lang: Lang,
  timeZone: string,
  nameOf: (id: string) => string,
  objectionText: (o: Record<string, unknown>) => string,
  form: AssemblyForm,
): MinutesPoll {
  const t = text(lang);
  const hallRecords = p.hallCounts ?? [];
  const confirmed = hallRecords.find((h) => h.action === 'confirmed');
  // R27: a poll counted in the hall states the electronic ballots plus the confirmed hall count;
  // R22: an election round as the chair's lot decided it (the recorded tally leaves the tie open).
  const closeTally = (p.tally ?? {}) as Tally;
  const tally = (confirmed?.tally ?? decidedByLot(p)) as Tally;
  const elected = new Map((tally.elected ?? []).map((e) => [e.candidateId, e.byLot]));
  const declaration = p.declarations[p.declarations.length - 1];
  const declaredEntry = bundle.ledger.entries.find(
    (e) =>
      e.type === 'poll.declared' && declaration !== undefined && e.payload.declarationId === declaration.id,
  );
  const election = p.kind === 'election';
  const resultText =
    p.tally === null
      ? '—'
      : election
        ? tally.elected?.length
          ? `${t.elected}: ${(tally.elected ?? []).map((e) => nameOf(e.candidateId) + (e.byLot ? ` (${t.byLot})` : '')).join(', ')}`
          : t.failed
        : tally.passed
          ? t.passed
          : t.failed;
  return {
    round: p.round,
    kind: p.kind,
    secret: p.secret,
    method: `${t.methods[p.method] ?? p.method}, ${p.secret ? t.secret : t.open}`,
    threshold: election
      ? (t.methods[String(p.config.method)] ?? String(p.config.method))
      : `${p.threshold.num}/${p.threshold.den}`,
    counts: election ? null : (tally.counts ?? null),
    candidateVotes: (tally.votes ?? []).map((v) => ({
      name: nameOf(v.candidateId),
      votes: v.votes,
      elected: elected.has(v.candidateId),
      byLot: elected.get(v.candidateId) === true,
    })),
    runoff: (tally.nextRoundCandidates ?? []).map(nameOf),
    lotText: lotText(p, t, lang, timeZone, nameOf),
    excludedVotes: tally.excluded ?? p.votesExcluded ?? 0,
    ballots: tally.ballots ?? p.ballots.length,
    resultText,
    // An election round is not passed or rejected: it fills every seat, or leaves seats open.
    declaredOutcome: declaration
      ? election
        ? declaration.outcome === 'passed'
          ? t.allSeatsFilled
          : t.seatsOpen
        : declaration.outcome === 'passed'
          ? t.passed
          : t.failed
      : '—',
    declarationText: declaration ? declarationIn(lang, declaration.text, declaredEntry?.payload, t) : '—',
    declaredAt: declaration ? formatInstant(String(declaration.at), lang, true, timeZone) : null,
    deviationReason: declaration?.deviationReason ?? null,
    declaredHead: declaredEntry === undefined ? null : { seq: declaredEntry.seq, hash: declaredEntry.hash },
    excluded: p.excluded.map((x) => ({ name: nameOf(x.personId), reason: t.reasons[x.reason] ?? x.reason })),
    objections: bundle.objections.filter((o) => o.pollId === p.id).map(objectionText),
    ...hallModel(p, bundle, lang, nameOf, form, closeTally),
    amendedText: typeof p.config.amendedText === 'string' ? p.config.amendedText : null,
  };
}

type HallFields = Pick<
  MinutesPoll,
  | 'methodName'
  | 'hall'
  | 'hallPending'
  | 'electronic'
  | 'channelVotes'
  | 'tellers'
  | 'secretRequest'
  | 'participation'
>;

/** R24, R27, C5: how the decision was taken: method, counts per channel, tellers, participation. */
function hallModel(
  p: BundlePoll,
  bundle: Bundle,
  lang: Lang,
  nameOf: (id: string) => string,
  form: AssemblyForm,
  closeTally: Tally,
): HallFields {
  const t = text(lang);
  const records = p.hallCounts ?? [];
  const confirmedAt = records.findIndex((h) => h.action === 'confirmed');
  const confirmed = confirmedAt < 0 ? undefined : records[confirmedAt];
  const entered =
    confirmedAt < 0
      ? undefined
      : records
          .slice(0, confirmedAt)
          .filter((h) => h.action === 'entered')
          .at(-1);
  const hallMethod = p.method !== 'electronic' && (form === 'in_person' || form === 'hybrid');
  const channelVotes = { room: 0, online: 0, proxy: 0, advance: 0 };
  for (const x of p.participation)
    if (x.channel in channelVotes) channelVotes[x.channel as keyof typeof channelVotes] += 1;
  const request = p.config.secretRequest as
    | { supporting: number; base: number; basis: string; share: { num: number; den: number } | null }
    | undefined;
  const secretRequest =
    request === undefined
      ? null
      : t.hall.secretRequest
          .replace('{supporting}', String(request.supporting))
          .replace('{base}', String(request.base))
          .replace('{basis}', t.hall.basis[request.basis] ?? request.basis)
          .replace('{share}', request.share ? `${request.share.num}/${request.share.den}` : '—')
          .replace(
            '{outcome}',
            p.config.secrecyReason === 'secret.requested' ? t.hall.requestReached : t.hall.requestNotReached,
          );
  const participation: HallFields['participation'] = [];
  if (form !== 'in_person') {
    if (confirmed !== undefined) {
      const inHall = hallPresent(bundle, p);
      participation.push({
        channel: t.hall.channels.hall ?? 'hall',
        count: inHall.length,
        members: inHall.map(nameOf).sort(byMemberNumber),
      });
    }
    for (const channel of ['room', 'online', 'proxy', 'advance'] as const) {
      const ids = p.participation.filter((x) => x.channel === channel).map((x) => x.memberId);
      if (ids.length > 0)
        participation.push({
          channel: t.hall.channels[channel] ?? channel,
          count: ids.length,
          members: ids.map(nameOf).sort(byMemberNumber),
        });
    }
  }
  return {
    methodName: t.methods[p.method] ?? p.method,
    hall:
      confirmed === undefined ? null : { yes: confirmed.yes, no: confirmed.no, abstain: confirmed.abstain },
    hallPending: hallMethod && confirmed === undefined && (p.status === 'closed' || p.status === 'declared'),
    electronic: p.kind === 'election' ? null : (closeTally.counts ?? null),
    channelVotes,
    tellers: [
      ...(entered ? [{ name: entered.teller, role: 'entered' as const }] : []),
      ...(confirmed ? [{ name: confirmed.teller, role: 'confirmed' as const }] : []),
    ],
    secretRequest,
    participation,
  };
}

/** Names as `Name (M0012)`, in the order of their member numbers (then by name). */
function byMemberNumber(a: string, b: string): number {
  const number = (x: string) => /\(([^()]*)\)$/.exec(x)?.[1] ?? '';
  return number(a).localeCompare(number(b), 'de', { numeric: true }) || a.localeCompare(b, 'de');
}

/**
 * The members checked in in the room when the poll closed (from the bundle's attendance events),
 * who did not vote electronically: those the tellers' hall count stands for.
 */
function hallPresent(bundle: Bundle, p: BundlePoll): string[] {
  const until = p.closedAt ?? '9999';
  const latest = new Map<string, { event: string; channel: string }>();
  for (const e of bundle.attendance) {
    if (String(e.at) > until || e.event === 'refused') continue;
    latest.set(String(e.memberId), { event: String(e.event), channel: String(e.channel) });
  }
  const electronic = new Set(p.participation.map((x) => x.memberId));
  return [...latest.entries()]
    .filter(([id, s]) => s.event === 'check_in' && s.channel === 'room' && !electronic.has(id))
    .map(([id]) => id);
}

/**
 * The declaration in the minutes' language: as entered when it was entered in that language, else
 * the chair's translation (both bound by the poll.declared entry), else as entered with a mark
 * saying its language. Entries from before declarations had a language were German.
 */
function declarationIn(
  lang: Lang,
  text: string,
  payload: Readonly<Record<string, unknown>> | undefined,
  t: { declarationIn: Record<Lang, string> },
): string {
  const entered: Lang = payload?.lang === 'en' ? 'en' : 'de';
  if (entered === lang) return text;
  const translation = payload?.translation;
  if (typeof translation === 'string' && translation.length > 0) return translation;
  return `${text} (${t.declarationIn[entered]})`;
}

/** A calendar date in the minutes' language (10 June 2026 / 10. Juni 2026). */
function formatDate(date: string, lang: Lang): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(lang === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  });
}
