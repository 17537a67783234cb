import type { lotDe } from './lot.de';
import type { TranslationOf } from './plural';

// Strings of a tie on the last seats (R22): the chair's lot or a run-off. Spread into en.ts.
export const lotEn: TranslationOf<typeof lotDe> = {
  'lot.heading': 'Drawing of lots',
  'lot.tie': { one: 'Tie for one seat between {names}.', other: 'Tie for {count} seats between {names}.' },
  'lot.required': 'Lot required: the chair draws the lot that decides.',
  'lot.runOffRequired': 'Run-off required between the tied candidates.',
  'lot.runOffAfterDeclaration': 'Declaring this round prepares the run-off; you then only have to open it.',
  'lot.runOffPrepared': 'The run-off (round {round}) is prepared. You only have to open it.',
  'lot.value': 'Value from the room (optional)',
  'lot.valueHint':
    'For example a number someone in the room calls out. Without one, the server draws a random value. The seed of the lot binds the value to the state of the chain and to this election, so any auditor can redraw the lot.',
  'lot.draw': 'Draw the lot',
  'lot.drawing': 'Drawing the lot …',
  'lot.drawn': 'The lot has been drawn.',
  'lot.declareAfter': 'The result can be declared once the lot has been drawn.',
  'lot.order': 'Drawn order',
  'lot.winners': 'Elected by lot: {names}',
  'lot.valueChair': 'Value from the room',
  'lot.valueRandom': 'Random value from the server',
  'lot.seed': 'Seed',
  'lot.head': 'Chain state at the draw: entry {seq}',
  'statute.tieBreak.heading': 'Ties in elections',
  'statute.tieBreak.legend': 'Under the statute, a tie for the last seats is settled by',
  'statute.tieBreak.lot': 'a lot the chair draws',
  'statute.tieBreak.run_off': 'a run-off between the tied candidates',
  'statute.tieBreak.save': 'Save',
  'statute.tieBreak.saved': 'Saved.',
  'statute.tieBreak.locked': 'Can be changed only while the assembly is in preparation.',
};
