// Strings of a tie on the last seats (R22): the chair's lot or a run-off, on the chair console and
// the projector. Spread into de.ts.
export const lotDe = {
  'lot.heading': 'Losentscheid',
  'lot.tie': {
    one: 'Stimmengleichheit um einen Sitz zwischen {names}.',
    other: 'Stimmengleichheit um {count} Sitze zwischen {names}.',
  },
  'lot.required': 'Stichentscheid nötig: Das Los entscheidet, die Versammlungsleitung zieht es.',
  'lot.runOffRequired': 'Stichwahl nötig zwischen den Stimmengleichen.',
  'lot.runOffAfterDeclaration':
    'Mit der Feststellung dieses Wahlgangs wird die Stichwahl vorbereitet; danach müssen Sie sie nur noch öffnen.',
  'lot.runOffPrepared': 'Die Stichwahl (Wahlgang {round}) ist vorbereitet. Sie müssen sie nur noch öffnen.',
  'lot.value': 'Wert aus dem Saal (freiwillig)',
  'lot.valueHint':
    'Zum Beispiel eine Zahl, die jemand im Saal nennt. Ohne Eingabe zieht der Server einen Zufallswert. Der Startwert des Loses verbindet den Wert mit dem Stand der Kette und dieser Wahl; jede Prüferin kann das Los damit nachziehen.',
  'lot.draw': 'Los ziehen',
  'lot.drawing': 'Das Los wird gezogen …',
  'lot.drawn': 'Das Los ist gezogen.',
  'lot.declareAfter': 'Das Ergebnis kann verkündet werden, sobald das Los gezogen ist.',
  'lot.order': 'Gezogene Reihenfolge',
  'lot.winners': 'Durch Los gewählt: {names}',
  'lot.valueChair': 'Wert aus dem Saal',
  'lot.valueRandom': 'Zufallswert des Servers',
  'lot.seed': 'Startwert',
  'lot.head': 'Kettenstand bei der Ziehung: Eintrag {seq}',
  'statute.tieBreak.heading': 'Stimmengleichheit bei Wahlen',
  'statute.tieBreak.legend': 'Bei Stimmengleichheit um die letzten Sitze entscheidet laut Satzung',
  'statute.tieBreak.lot': 'das Los, das die Versammlungsleitung zieht',
  'statute.tieBreak.run_off': 'eine Stichwahl zwischen den Stimmengleichen',
  'statute.tieBreak.save': 'Speichern',
  'statute.tieBreak.saved': 'Gespeichert.',
  'statute.tieBreak.locked': 'Nur änderbar, solange die Versammlung in Vorbereitung ist.',
} as const;
