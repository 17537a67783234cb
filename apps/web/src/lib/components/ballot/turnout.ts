import { type LocaleCode, translate } from '$lib/i18n';
import type { LiveTurnout } from '$lib/live';

/** The turnout in words and as a share, measured against the votes that can be cast now. */
export interface TurnoutText {
  /** "12 von 34 möglichen Stimmen abgegeben" */
  readonly cast: string;
  /** "12 von 34 möglichen Stimmen" (the projector's headline) */
  readonly castShort: string;
  /** "893 Mitglieder im Register": context, never the base. */
  readonly register: string;
  /** Votes barred on this item, if any. */
  readonly excluded: string | null;
  /** Percentage of the bar: votes cast of the votes possible now, 0–100. */
  readonly share: number;
}

export function turnoutText(code: LocaleCode, turnout: LiveTurnout): TurnoutText {
  const { voted, canVoteNow, register, excluded } = turnout;
  return {
    cast: translate(code, 'turnout.cast', { count: canVoteNow, voted }),
    castShort: translate(code, 'turnout.castShort', { count: canVoteNow, voted }),
    register: translate(code, 'turnout.register', { count: register }),
    excluded: excluded > 0 ? translate(code, 'turnout.excluded', { count: excluded }) : null,
    share: canVoteNow > 0 ? Math.min(100, (voted / canVoteNow) * 100) : 0,
  };
}
