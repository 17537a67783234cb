// Pure helpers the staff screens share: majority wording, item states, error text, declarations.
import type { ApiError } from '$lib/api';
import type { AgendaItemView, Fraction, PollView } from '$lib/api/staff';
import { electionTally, majorityTally } from '$lib/api/tally';
import { type LocaleCode, locale, type MessageKey, type Plural, t, translate } from '$lib/i18n';
import { de } from '$lib/i18n/de';
import { errorMessage } from '$lib/i18n/errors';

/** The majority in words, e.g. "Dreiviertelmehrheit (§16(2) GenG)"; in `code` (default: the screen's). */
export function majorityWords(
  threshold: Fraction,
  legalBasis?: string,
  code: LocaleCode = locale.current,
): string {
  const { num, den } = threshold;
  let words: string;
  if (num * 2 === den) words = translate(code, 'majority.simple');
  else if (num * 4 === den * 3) words = translate(code, 'majority.threeQuarters');
  else if (num * 10 === den * 9) words = translate(code, 'majority.nineTenths');
  else words = translate(code, 'majority.other', { fraction: `${num}/${den}` });
  return legalBasis ? translate(code, 'majority.withBasis', { words, basis: legalBasis }) : words;
}

export function majorityFraction(threshold: Fraction): string {
  return t('majority.fraction', { num: threshold.num, den: threshold.den });
}

export type ItemState = 'none' | 'noPoll' | 'draft' | 'open' | 'closed' | 'declared';

/** The latest real poll of an item (highest round); rehearsals are not the item's polls. */
export function latestPoll(polls: readonly PollView[], itemId: string): PollView | undefined {
  // A motion from the floor being voted on is the item's poll until it is declared; after that the
  // item's own polls (its main motion) are again.
  const floor = polls.find(
    (p) => p.agendaItemId === itemId && p.config?.floorMotion && p.status !== 'declared',
  );
  if (floor) return floor;
  let latest: PollView | undefined;
  for (const p of polls)
    if (
      p.agendaItemId === itemId &&
      !p.rehearsal &&
      !p.config?.floorMotion &&
      (!latest || p.round > latest.round)
    )
      latest = p;
  return latest;
}

export function itemState(item: AgendaItemView, polls: readonly PollView[]): ItemState {
  if (item.decision === 'none') return 'none';
  return latestPoll(polls, item.id)?.status ?? 'noPoll';
}

const ITEM_STATE_KEYS: Record<ItemState, PlainKey> = {
  none: 'itemState.none',
  noPoll: 'itemState.noPoll',
  draft: 'itemState.draft',
  open: 'itemState.open',
  closed: 'itemState.closed',
  declared: 'itemState.declared',
};

export function itemStateText(state: ItemState): string {
  return t(ITEM_STATE_KEYS[state]);
}

export function kindText(kind: string): string {
  const key = `kind.${kind}`;
  return isKey(key) ? t(key) : kind;
}

/** Dynamic lookups (item kinds, error codes) only for keys that exist and take no params. */
function isKey(key: string): key is Exclude<MessageKey, ParamKeys> {
  return Object.hasOwn(de, key) && typeof (de as Readonly<Record<string, unknown>>)[key] === 'string';
}

/** Keys that need params: a placeholder in the text, or a plural entry (it needs `count`). */
export type ParamKeys = {
  [K in MessageKey]: (typeof de)[K] extends `${string}{${string}}${string}` | Plural ? K : never;
}[MessageKey];

/** A known error code in words, else the server's own message. */
export function errorText(error: unknown): string {
  const apiError = error as Partial<ApiError> | undefined;
  const code = apiError?.code;
  if (code) {
    const key = `reason.${code}`;
    if (isKey(key)) return t(key);
    const words = errorMessage(code);
    if (words !== undefined) return words;
  }
  return apiError?.message ?? String(error);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString(locale.current, { hour: '2-digit', minute: '2-digit' });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale.current, { dateStyle: 'medium', timeStyle: 'short' });
}

/** mm:ss or h:mm:ss since `fromIso`. */
export function elapsed(fromIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The prefilled declaration text (R29) from the computed tally, in language `code`. */
export function declarationDraft(
  poll: PollView,
  item: AgendaItemView | undefined,
  code: LocaleCode = locale.current,
): string {
  const tally = poll.tally;
  if (!tally) return '';
  const excluded = tally.excluded ?? poll.votesExcluded ?? 0;
  const election = electionTally(poll);
  const majority = majorityTally(poll);
  const excludedText = excluded > 0 ? ` ${translate(code, 'chair.decl.excluded', { count: excluded })}` : '';
  if (poll.kind === 'election') {
    const names = (election?.elected ?? []).map((e) => candidateName(item, e.candidateId));
    const main =
      names.length > 0
        ? translate(code, 'chair.decl.elected', { names: names.join(', ') })
        : translate(code, 'chair.decl.noneElected', { round: poll.round });
    return `${main}${excludedText}`;
  }
  const counts = majority?.counts ?? { yes: 0, no: 0, abstain: 0, invalid: 0 };
  const params = {
    yesVotes: translate(code, 'chair.decl.yesVotes', { count: counts.yes }),
    noVotes: translate(code, 'chair.decl.noVotes', { count: counts.no }),
    abstentions: translate(code, 'chair.decl.abstentions', { count: counts.abstain }),
    majority: majorityWords(poll.threshold, item?.legalBasis, code),
  };
  const main = majority?.passed
    ? translate(code, 'chair.decl.passed', params)
    : translate(code, 'chair.decl.failed', params);
  return `${main}${excludedText}`;
}

export function candidateName(item: AgendaItemView | undefined, candidateId: string): string {
  const c = item?.candidates.find((x) => x.id === candidateId || x.memberId === candidateId);
  return c ? c.name : candidateId.slice(0, 8);
}

export function computedOutcome(poll: PollView): 'passed' | 'failed' {
  const election = electionTally(poll);
  if (poll.kind === 'election')
    return (election?.elected.length ?? 0) >= (election?.seats ?? 1) ? 'passed' : 'failed';
  return majorityTally(poll)?.passed ? 'passed' : 'failed';
}

/** Message keys that take no parameters (safe to store in tables and look up later). */
export type PlainKey = Exclude<MessageKey, ParamKeys>;

/**
 * The display name without a trailing "(role)" that repeats the role shown next to it, e.g.
 * "Geschäftsstelle (Administration)" → "Geschäftsstelle" for an admin; null when the name is just
 * the role's label (then the role alone is shown).
 */
export function nameWithoutRole(
  displayName: string,
  role: string,
  roleLabels: readonly string[],
): string | null {
  const same = (a: string) => {
    const x = a.trim().toLowerCase();
    return x === role.toLowerCase() || roleLabels.some((l) => l.toLowerCase() === x);
  };
  const name = displayName.trim();
  if (same(name)) return null;
  const match = /^(.*\S)\s*\(([^()]+)\)$/.exec(name);
  if (match?.[1] && match[2] && same(match[2])) return match[1];
  return name;
}

/** One refused cell of a register import in words (by its code; the server's text otherwise). */
export function lineErrorText(e: { field?: string | null; code?: string; message: string }): string {
  const key = `csvLine.${e.code ?? ''}`;
  const text = isKey(key) ? t(key) : e.message;
  if (!e.field) return text;
  // The column by its name in words (a field key such as memberNumber is no word for a person).
  const fieldKey = `csvField.${e.field}`;
  return isKey(fieldKey) ? `${t(fieldKey)}: ${text}` : text;
}

/** A stored refusal reason (an error code such as proxy.holder_cap_reached) in words. */
export function reasonText(reason: string): string {
  const key = `reason.${reason}`;
  return isKey(key) ? t(key) : reason;
}
