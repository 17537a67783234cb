// Strings of the start page, the short assembly code and the member's kept receipts. Spread into
// de.ts; English in codes.en.ts must provide the same keys.
export const codesDe = {
  'start.current': 'Aktuelle Versammlung',
  'start.none': 'Zurzeit ist keine Versammlung angesetzt.',
  'start.loading': 'Versammlung wird geladen …',
  'start.unavailable': 'Die Angaben zur Versammlung können gerade nicht geladen werden.',
  'start.when': '{date}, {time} Uhr',
  'start.place': 'Ort: {place}',
  'start.code': 'Versammlungscode: {code}',
  'start.state.preparation': 'Die Versammlung wird vorbereitet.',
  'start.state.convened': 'Die Versammlung ist einberufen.',
  'start.state.open': 'Die Versammlung hat begonnen.',
  'start.state.closed': 'Die Versammlung ist beendet.',
  'start.receipt': 'Beleg einer Stimmabgabe prüfen',

  'join.assemblyFound': 'Versammlung: {title}',

  'projector.code': 'Versammlungscode',

  'member.receipts.title': 'Meine Belege',
  'member.receipts.intro':
    'Ihre Belege sind in Ihrem Konto gespeichert: Sie sehen sie auf jedem Gerät, auf dem Sie sich anmelden.',
  'member.receipts.none': 'Sie haben in dieser Versammlung noch keine Stimme abgegeben.',
  'member.receipts.loading': 'Belege werden geladen …',
  'member.receipts.failed': 'Die Belege konnten nicht geladen werden.',
  'member.receipts.forWhom': 'für {name}',
  'member.receipts.pending': 'Prüfbar, sobald die Abstimmung geschlossen ist.',
  'member.receipts.check': 'Prüfen',
  'member.receipts.checkAria': 'Beleg {receipt} prüfen',
  'member.receipts.other': 'Einen anderen Beleg prüfen',
  'member.receipts.item': 'Abstimmung zu „{title}“',
  'member.receipts.round': 'Abstimmung zu „{title}“ ({round}. Wahlgang)',

  'receipt.countedIn': 'Abstimmung zu „{title}“',
} as const;
