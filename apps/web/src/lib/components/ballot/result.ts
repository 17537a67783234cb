import type { AgendaItemView, PollView } from '$lib/api/member';
import type { LocaleCode } from '$lib/i18n';
import type { LiveResult } from '$lib/live';

/** The chair's declaration: as entered (`text`, in `lang`) and per language. */
export interface DeclarationTexts {
  readonly text: string;
  readonly lang: LocaleCode;
  readonly texts: { readonly de: string | null; readonly en: string | null };
}

/**
 * The declaration for a screen in `code`: its own language when the chair gave it, else the text
 * as entered, with `lang` set so the screen can say which language it is in.
 */
export function declarationFor(
  code: LocaleCode,
  d: DeclarationTexts | null,
): { text: string; lang: LocaleCode; foreign: boolean } | null {
  if (!d) return null;
  const own = d.texts[code];
  if (own) return { text: own, lang: code, foreign: false };
  if (!d.text) return null;
  return { text: d.text, lang: d.lang, foreign: d.lang !== code };
}

function declarationOf(d: {
  text: string;
  lang?: string;
  texts?: { de: string | null; en: string | null };
}): DeclarationTexts {
  const lang: LocaleCode = d.lang === 'en' ? 'en' : 'de';
  return {
    text: d.text,
    lang,
    texts: d.texts ?? (lang === 'en' ? { de: null, en: d.text } : { de: d.text, en: null }),
  };
}

export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export interface MajorityResult {
  readonly kind: 'majority';
  readonly outcome: 'passed' | 'failed';
  readonly counts: {
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly invalid: number;
  };
  readonly excluded: number;
  readonly threshold: Fraction | null;
  readonly declaration: DeclarationTexts | null;
}

export interface ElectionRow {
  readonly candidateId: string;
  readonly name: string;
  readonly votes: number;
  readonly elected: boolean;
  readonly byLot: boolean;
}

export interface ElectionResult {
  readonly kind: 'election';
  readonly outcome: 'passed' | 'failed';
  readonly rows: readonly ElectionRow[];
  readonly abstentions: number;
  readonly invalid: number;
  readonly validBallots: number;
  readonly declaration: DeclarationTexts | null;
}

export type ResultData = MajorityResult | ElectionResult;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function outcomeOf(value: unknown): 'passed' | 'failed' {
  return value === 'passed' ? 'passed' : 'failed';
}

/** The declared result of a poll, from its view (tally + declaration); null until declared. */
export function resultOfPoll(poll: PollView, item: AgendaItemView | undefined): ResultData | null {
  if (poll.status !== 'declared' || !poll.tally) return null;
  const tally = poll.tally as Record<string, unknown>;
  const declaration = poll.declaration ? declarationOf(poll.declaration) : null;
  const outcome = outcomeOf(poll.declaration?.outcome);
  if (poll.kind === 'election') {
    const elected = new Map(
      ((tally.elected as { candidateId: string; byLot: boolean }[] | undefined) ?? []).map(
        (e) => [e.candidateId, e.byLot] as const,
      ),
    );
    const votes = (tally.votes as { candidateId: string; votes: number }[] | undefined) ?? [];
    return {
      kind: 'election',
      outcome,
      rows: votes.map((v) => ({
        candidateId: v.candidateId,
        name: item?.candidates.find((c) => c.memberId === v.candidateId)?.name ?? v.candidateId,
        votes: num(v.votes),
        elected: elected.has(v.candidateId),
        byLot: elected.get(v.candidateId) ?? false,
      })),
      abstentions: num(tally.abstentions),
      invalid: num(tally.invalidBallots),
      validBallots: num(tally.validBallots),
      declaration,
    };
  }
  const counts = (tally.counts as Record<string, unknown> | undefined) ?? {};
  return {
    kind: 'majority',
    outcome,
    counts: {
      yes: num(counts.yes),
      no: num(counts.no),
      abstain: num(counts.abstain),
      invalid: num(counts.invalid),
    },
    excluded: num(tally.excluded),
    threshold: poll.threshold,
    declaration,
  };
}

/** The live declared result of a motion (the snapshot carries counts, not candidates). */
export function resultOfLive(result: LiveResult, threshold: Fraction | null): MajorityResult {
  return {
    kind: 'majority',
    outcome: result.outcome,
    counts: result.counts,
    excluded: result.excluded,
    threshold,
    declaration: declarationOf(result),
  };
}

/** Yes votes needed to pass with these yes+no votes (R13, R14: yes > no and den·yes ≥ num·base). */
export function yesNeeded(base: number, threshold: Fraction): number {
  if (base === 0) return 1;
  const share = Math.ceil((threshold.num * base) / threshold.den);
  return Math.max(share, Math.floor(base / 2) + 1);
}

export function isSimpleMajority(threshold: Fraction): boolean {
  return threshold.num * 2 === threshold.den;
}
