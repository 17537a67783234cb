import { type AssemblyForm, type AssemblyStatus, checkMinutes, minutesPlace, permits } from '@plenum/domain';
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
  excludedVotes: number;
  ballots: number;
  resultText: string;
  declaredOutcome: string;
  declarationText: string;
  deviationReason: string | null;
  /** The chain head right after the declaration: its poll.declared entry (ledger SPEC.md §10.5). */
  declaredHead: { seq: number; hash: string } | null;
  excluded: { name: string; reason: string }[];
  objections: string[];
}

export interface MinutesModel {
  lang: Lang;
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
  items: { position: number; title: string; body: string; polls: MinutesPoll[] }[];
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
    date: formatInstant(String(a.startsAt), lang, false),
    begin: formatInstant(String(a.startsAt), lang),
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
      body: String(item.body ?? ''),
      polls: bundle.polls
        .filter((p) => p.agendaItemId === item.id)
        .map((p) => pollModel(p, bundle, lang, nameOf, objectionText)),
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
  nameOf: (id: string) => string,
  objectionText: (o: Record<string, unknown>) => string,
): MinutesPoll {
  const t = text(lang);
  const tally = (p.tally ?? {}) as Tally;
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
    excludedVotes: tally.excluded ?? p.votesExcluded ?? 0,
    ballots: tally.ballots ?? p.ballots.length,
    resultText,
    declaredOutcome: declaration ? (declaration.outcome === 'passed' ? t.passed : t.failed) : '—',
    declarationText: declaration?.text ?? '—',
    deviationReason: declaration?.deviationReason ?? null,
    declaredHead: declaredEntry === undefined ? null : { seq: declaredEntry.seq, hash: declaredEntry.hash },
    excluded: p.excluded.map((x) => ({ name: nameOf(x.personId), reason: t.reasons[x.reason] ?? x.reason })),
    objections: bundle.objections.filter((o) => o.pollId === p.id).map(objectionText),
  };
}

/** A calendar date in the minutes' language (10 June 2026 / 10. Juni 2026). */
function formatDate(date: string, lang: Lang): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(lang === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  });
}
