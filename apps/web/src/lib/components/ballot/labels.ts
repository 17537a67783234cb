import type { CastableVote, Choice } from '$lib/api/member';
import { t } from '$lib/i18n';

/** Whose vote a group of options is, in words: every group names its member (a screen reader hears whose vote each option casts). */
export function legendOf(vote: CastableVote, many: boolean): string {
  const p = { name: vote.name, number: vote.memberNumber };
  switch (vote.capacity) {
    case 'own':
      return many ? t('ballot.capacity.ownNamed', p) : t('ballot.capacity.own');
    case 'proxy':
      return t('ballot.capacity.proxy', p);
    case 'legal_representative':
      return t('ballot.capacity.legal_representative', p);
    case 'heirs_representative':
      return t('ballot.capacity.heirs_representative', p);
  }
}

/** A choice in words, for the review step. */
export function choiceText(choice: Choice | null, nameOf: (candidateId: string) => string): string {
  if (choice === null) return '–';
  if (choice === 'yes') return t('ballot.option.yes');
  if (choice === 'no') return t('ballot.option.no');
  if (choice === 'abstain') return t('ballot.option.abstain');
  if (choice.kind === 'list') return choiceText(choice.choice, nameOf);
  if (choice.choices.length === 0) return t('ballot.election.abstain');
  return choice.choices.map(nameOf).join(', ');
}
