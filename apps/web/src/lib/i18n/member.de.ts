// Strings of the member, ballot, receipt and projector screens. Spread into de.ts.
export const memberDe = {
  'member.login.title': 'Anmeldung zur Versammlung',
  'member.login.intro':
    'Melden Sie sich mit dem Versammlungscode, Ihrer Mitgliedsnummer und dem Zugangscode aus Ihrer Einladung an.',
  'member.login.assembly': 'Versammlungscode',
  'member.login.assemblyHint': 'Sechs Zeichen; steht in Ihrer Einladung und auf der Leinwand im Saal.',
  'member.login.memberNumber': 'Mitgliedsnummer',
  'member.login.code': 'Zugangscode',
  'member.login.codeHint': 'Groß- und Kleinschreibung, Leerzeichen und Bindestriche spielen keine Rolle.',
  'member.login.submit': 'Anmelden',
  'member.login.busy': 'Anmeldung läuft …',
  'member.login.fromLink': 'Sie werden mit dem Link aus Ihrer Einladung angemeldet …',
  'member.login.missing': 'Bitte füllen Sie alle Felder aus.',
  'member.login.failedTitle': 'Anmeldung fehlgeschlagen',

  'member.logout': 'Abmelden',
  'member.loggedInAs': 'Angemeldet als {name} (Nr. {number})',
  'member.loading': 'Wird geladen …',
  'member.notLoggedIn': 'Sie sind nicht angemeldet.',
  'member.toLogin': 'Zur Anmeldung',
  'member.otherAssembly': 'Sie sind für eine andere Versammlung angemeldet.',

  'member.home.title': 'Versammlung',
  'member.status.preparation': 'in Vorbereitung',
  'member.status.convened': 'einberufen',
  'member.status.open': 'eröffnet',
  'member.status.closed': 'geschlossen',
  'member.status.label': 'Die Versammlung ist {status}.',

  'member.checkin.title': 'Online teilnehmen',
  'member.checkin.needed':
    'Bevor Sie abstimmen können, müssen Sie sich als anwesend melden. Erst dann zählen Ihre Stimme und die Stimmen, die Sie vertreten.',
  'member.checkin.button': 'Jetzt online anwesend melden',
  'member.checkin.busy': 'Wird gemeldet …',
  'member.checkin.done': 'Sie sind online anwesend gemeldet.',
  'member.checkin.inPerson':
    'Diese Versammlung findet vor Ort statt. Bitte melden Sie sich am Einlass an, um abstimmen zu können.',

  'member.current.title': 'Aktueller Tagesordnungspunkt',
  'member.current.none': 'Die Versammlungsleitung hat noch keinen Tagesordnungspunkt aufgerufen.',
  'member.item.number': 'TOP {position}',
  'member.item.numbered': 'TOP {position}: {title}',
  'member.poll.draft': 'Die Abstimmung wird vorbereitet.',
  'member.poll.open': 'Die Abstimmung läuft.',
  'member.poll.closed': 'Die Abstimmung ist geschlossen. Das Ergebnis wird gleich verkündet.',
  'member.poll.declared': 'Das Ergebnis wurde verkündet.',
  'member.poll.none': 'Zu diesem Punkt läuft keine Abstimmung.',
  'member.poll.secret': 'Geheime Abstimmung',
  'member.poll.open.vote': 'Jetzt abstimmen',
  'member.poll.open.voteMany': {
    one: 'Jetzt abstimmen ({count} Stimme)',
    other: 'Jetzt abstimmen ({count} Stimmen)',
  },
  'member.poll.alreadyVoted': {
    one: 'Sie haben bei dieser Abstimmung bereits abgestimmt.',
    other: 'Sie haben bei dieser Abstimmung bereits alle {count} Stimmen abgegeben.',
  },
  'member.poll.cannotVote': 'Sie können bei dieser Abstimmung nicht abstimmen.',
  'turnout.cast': {
    one: '{voted} von {count} möglichen Stimme abgegeben',
    other: '{voted} von {count} möglichen Stimmen abgegeben',
  },
  'turnout.castShort': {
    one: '{voted} von {count} möglichen Stimme',
    other: '{voted} von {count} möglichen Stimmen',
  },
  'turnout.register': { one: '{count} Mitglied im Register', other: '{count} Mitglieder im Register' },
  'turnout.excluded': {
    one: '{count} Stimme ist bei diesem Punkt vom Stimmrecht ausgeschlossen',
    other: '{count} Stimmen sind bei diesem Punkt vom Stimmrecht ausgeschlossen',
  },
  'turnout.possibleHint':
    'Gezählt wird gegen die Stimmen, die jetzt abgegeben werden können: Anwesende im Saal und online, durch Vollmacht Vertretene und vorab abgegebene Stimmen.',
  'member.attendance': {
    one: '{count} Mitglied anwesend, {represented} vertreten',
    other: '{count} Mitglieder anwesend, {represented} vertreten',
  },
  'member.live.polling':
    'Die Live-Verbindung ist unterbrochen. Die Anzeige wird alle paar Sekunden aktualisiert.',
  'member.live.connecting': 'Verbindung wird aufgebaut …',
  'member.retrying':
    'Keine Verbindung zum Server. Die Seite wird automatisch erneut geladen, sobald die Verbindung wieder steht (neuer Versuch Nr. {attempt}).',

  'member.live.stale':
    'Keine Verbindung zum Server. Die Anzeige ist vielleicht nicht mehr aktuell. Abstimmen ist gesperrt, bis die Verbindung wieder steht – es wird automatisch neu verbunden.',
  'member.agenda.title': 'Tagesordnung',
  'member.agenda.current': '(aktuell)',
  'member.agenda.empty': 'Die Tagesordnung ist leer.',

  'member.results.title': 'Verkündete Ergebnisse',
  'member.results.none': 'Noch keine Ergebnisse.',
  'member.results.onlyCurrent': 'Bisher nur das Ergebnis oben zum aktuellen Punkt.',
  'member.result.passed': 'Angenommen',
  'member.result.failed': 'Abgelehnt',
  'member.result.yes': 'Ja',
  'member.result.no': 'Nein',
  'member.result.abstain': 'Enthaltung',
  'member.result.invalid': 'Ungültig',
  'member.result.excluded': 'Vom Stimmrecht ausgeschlossen',
  'member.result.votes': { one: '{count} Stimme', other: '{count} Stimmen' },
  'member.result.elected': 'Gewählt',
  'member.result.notElected': 'nicht gewählt',
  'member.result.byLot': 'durch Los',
  'member.result.abstentions': 'Enthaltungen',
  'member.result.validBallots': 'Gültige Stimmzettel',
  'member.result.chart': 'Ergebnis: Stimmen je Antwort',
  'member.result.electionChart': 'Ergebnis: Stimmen je Kandidatin oder Kandidat',
  'member.result.myReceipts': 'Ihre Belege prüfen',
  'declaration.in.de': 'auf Deutsch',
  'declaration.in.en': 'auf Englisch',

  'member.threshold.simple': 'Erforderlich: mehr Ja- als Nein-Stimmen (einfache Mehrheit)',
  'member.threshold.fraction': 'Erforderlich: mindestens {num}/{den} der Ja- und Nein-Stimmen',
  'member.threshold.needed': { one: 'Nötig: {count} Ja-Stimme', other: 'Nötig: {count} Ja-Stimmen' },

  'ballot.title': 'Stimmzettel',
  'ballot.back': 'Zurück zur Übersicht',
  'ballot.intro.single': 'Wählen Sie eine Antwort. Sie können Ihre Wahl vor dem Absenden noch prüfen.',
  'ballot.intro.many': {
    one: 'Sie geben {count} Stimme ab. Wählen Sie eine Antwort.',
    other:
      'Sie geben {count} Stimmen ab: Ihre eigene und die der Mitglieder, die Sie vertreten. Wählen Sie für jede Stimme eine Antwort. Alle werden gemeinsam geprüft und in einem Schritt abgegeben.',
  },
  'ballot.intro.election': {
    one: 'Wählen Sie eine Person. Sie können Ihre Wahl vor dem Absenden noch prüfen.',
    other: 'Wählen Sie bis zu {count} Personen. Sie können Ihre Wahl vor dem Absenden noch prüfen.',
  },
  'ballot.intro.manyElection': {
    one: 'Sie geben {count} Stimme ab. Kreuzen Sie bis zu {max} Personen an.',
    other:
      'Sie geben {count} Stimmen ab: Ihre eigene und die der Mitglieder, die Sie vertreten. Kreuzen Sie für jede Stimme bis zu {max} Personen an. Alle werden gemeinsam geprüft und in einem Schritt abgegeben.',
  },
  'ballot.intro.manyElectionOne': {
    one: 'Sie geben {count} Stimme ab. Kreuzen Sie eine Person an.',
    other:
      'Sie geben {count} Stimmen ab: Ihre eigene und die der Mitglieder, die Sie vertreten. Kreuzen Sie für jede Stimme eine Person an. Alle werden gemeinsam geprüft und in einem Schritt abgegeben.',
  },
  'motion.label': 'Antrag',
  'motion.proposer': 'Antrag von: {proposer}',
  'motion.documents': 'Unterlagen',
  'motion.documentSize': '(PDF, {size})',
  'motion.candidates': 'Kandidierende',
  'ballot.capacity.own': 'Ihre eigene Stimme',
  'ballot.capacity.proxy': 'Als Bevollmächtigte(r) für {name} (Nr. {number})',
  'ballot.capacity.legal_representative': 'Als gesetzliche Vertretung für {name} (Nr. {number})',
  'ballot.capacity.heirs_representative': 'Als Vertretung der Erben von {name} (Nr. {number})',
  'ballot.capacity.ownNamed': 'Ihre eigene Stimme – {name} (Nr. {number})',
  'ballot.option.yes': 'Ja',
  'ballot.option.no': 'Nein',
  'ballot.option.abstain': 'Enthaltung',
  'ballot.option.forWhom': 'für {name}',
  'ballot.election.hint': {
    one: 'Sie können eine Person ankreuzen. Kreuzen Sie niemanden an, gilt das als Enthaltung.',
    other: 'Sie können bis zu {count} Personen ankreuzen. Kreuzen Sie niemanden an, gilt das als Enthaltung.',
  },
  'ballot.election.count': '{count} von {max} angekreuzt',
  'ballot.election.full':
    'Sie haben die höchste Zahl an Kreuzen erreicht. Entfernen Sie ein Kreuz, um ein anderes zu setzen.',
  'ballot.election.abstain': 'Enthaltung (niemand angekreuzt)',
  'ballot.toReview': 'Weiter zur Prüfung',
  'ballot.missing': 'Bitte wählen Sie eine Antwort für: {names}.',
  'ballot.review.title': 'Bitte prüfen Sie Ihre Wahl',
  'ballot.review.intro': {
    one: 'Ihre Stimme ist noch nicht abgegeben. Nach dem Absenden kann nichts mehr geändert werden.',
    other:
      'Ihre {count} Stimmen sind noch nicht abgegeben. Nach dem Absenden kann nichts mehr geändert werden.',
  },
  'ballot.review.change': 'Wahl ändern',
  'ballot.review.cast': 'Verbindlich abstimmen',
  'ballot.review.castMany': {
    one: '{count} Stimme verbindlich abgeben',
    other: 'Alle {count} Stimmen verbindlich abgeben',
  },
  'ballot.review.busy': 'Stimmen werden abgegeben …',
  'ballot.retry.load':
    'Keine Verbindung zum Server. Der Stimmzettel wird automatisch erneut geladen, sobald die Verbindung wieder steht (neuer Versuch Nr. {attempt}).',
  'ballot.retry.cast':
    'Keine Antwort vom Server. Ihre Stimmen werden automatisch erneut gesendet (neuer Versuch Nr. {attempt}). Sie werden nur einmal gezählt.',
  'ballot.retry.castAgain': 'Erneut senden',
  'ballot.retry.castAgainMany': {
    one: 'Die Stimme erneut senden',
    other: 'Alle {count} Stimmen erneut senden',
  },
  'ballot.retry.unknown':
    'Es ist noch offen, ob Ihre Stimmen angekommen sind. Senden Sie sie erneut: Sie werden nur einmal gezählt.',
  'ballot.staleBlocked': 'Abstimmen ist gesperrt, bis die Verbindung wieder steht.',
  'ballot.done.title': 'Ihre Stimme wurde angenommen',
  'ballot.done.titleMany': {
    one: 'Ihre Stimme wurde angenommen',
    other: 'Ihre {count} Stimmen wurden angenommen',
  },
  'ballot.done.intro': {
    one: 'Bewahren Sie Ihren Beleg auf. Nach dem Schließen der Abstimmung können Sie damit prüfen, dass Ihre Stimme mitgezählt wurde. Der Beleg verrät nicht, wie Sie abgestimmt haben.',
    other:
      'Bewahren Sie Ihre {count} Belege auf. Nach dem Schließen der Abstimmung können Sie damit prüfen, dass Ihre Stimmen mitgezählt wurden. Die Belege verraten nicht, wie abgestimmt wurde.',
  },
  'ballot.receipt': 'Beleg',
  'ballot.receiptFor': 'Beleg für {name}',
  'ballot.copy': 'Beleg kopieren',
  'ballot.copyFor': 'Beleg für {name} kopieren',
  'ballot.copied': 'Beleg kopiert.',
  'ballot.copyFailed': 'Kopieren nicht möglich. Bitte notieren Sie den Beleg.',
  'ballot.checkLater': 'Beleg nach Abstimmungsende prüfen',
  'ballot.toHome': 'Zurück zur Übersicht',
  'ballot.alreadyCast': 'Diese Stimme ist bereits abgegeben.',
  'ballot.nothingLeft': 'Sie haben bei dieser Abstimmung bereits abgestimmt.',
  'ballot.pollClosed': 'Diese Abstimmung ist nicht offen.',
  'ballot.notPresent': 'Sie sind noch nicht anwesend gemeldet und können deshalb nicht abstimmen.',
  'ballot.errorTitle': 'Die Stimmabgabe hat nicht geklappt',
  'ballot.yourChoice': 'Ihre Wahl',

  'receipt.title': 'Beleg prüfen',
  'receipt.intro':
    'Geben Sie den Beleg ein, den Sie bei der Stimmabgabe erhalten haben. Nach dem Schließen der Abstimmung sehen Sie hier, ob Ihre Stimme mitgezählt wurde. Dafür ist keine Anmeldung nötig.',
  'receipt.code': 'Beleg',
  'receipt.submit': 'Prüfen',
  'receipt.busy': 'Wird geprüft …',
  'receipt.counted': 'Gezählt: Die Stimme zu diesem Beleg ist im Ergebnis enthalten.',
  'receipt.notFound':
    'Nicht gefunden: Zu diesem Beleg gibt es in keiner geschlossenen Abstimmung eine Stimme. Läuft die Abstimmung noch, prüfen Sie ihn bitte nach dem Schließen; sonst prüfen Sie bitte die Eingabe.',
  'receipt.root': 'Prüfsumme aller Belege (Merkle-Wurzel): {root}',
  'receipt.stored': 'Auf diesem Gerät gespeicherte Belege',
  'receipt.useStored': 'Diesen Beleg prüfen',

  'projector.title': 'Leinwand',
  'projector.login.title': 'Anmeldung für die Leinwand',
  'projector.login.intro': 'Die Leinwand-Ansicht ist für die Versammlungsleitung. Bitte melden Sie sich an.',
  'projector.login.username': 'Benutzername',
  'projector.login.password': 'Passwort',
  'projector.login.submit': 'Anmelden',
  'projector.waiting': 'Die Versammlung beginnt in Kürze.',
  'projector.turnout': 'Stimmabgabe',
  'projector.join': 'Jetzt teilnehmen',
  'projector.joinHint': 'QR-Code scannen oder die Adresse öffnen und den Versammlungscode eingeben:',
  'projector.qrAlt': 'QR-Code zur Anmeldung: {url}',
  'projector.present': 'Anwesend: {present} · vertreten: {represented}',
  'projector.elected': 'Gewählt: {names}',
  'projector.noneElected': 'Niemand ist gewählt.',
  'evidence.label':
    'Prüfkennung (Fingerabdruck des Signaturschlüssels) und Kettenkopf nach der letzten Feststellung',
  'evidence.fingerprint': 'Prüfkennung',
  'evidence.head': 'Kette',
  'evidence.none': 'noch kein Ergebnis festgestellt',
  'evidence.full': '{what}: {value}',

  'error.vote.duplicate':
    'Für dieses Mitglied wurde bei dieser Abstimmung bereits eine Stimme abgegeben. Jede Stimme zählt nur einmal.',
  'error.vote.excluded':
    'Dieses Mitglied darf bei diesem Punkt nicht abstimmen: Nach dem Genossenschaftsgesetz stimmt niemand mit ab, wenn über die eigene Entlastung oder eine eigene Angelegenheit entschieden wird.',
  'error.vote.voter_excluded':
    'Sie dürfen bei diesem Punkt nicht abstimmen: Nach dem Genossenschaftsgesetz stimmt niemand mit ab, wenn über die eigene Entlastung oder eine eigene Angelegenheit entschieden wird. Das gilt auch für Stimmen, die Sie vertreten.',
  'error.vote.not_present':
    'Sie sind nicht anwesend gemeldet. Bitte melden Sie sich zuerst an (online oder am Einlass).',
  'error.vote.not_on_roll': 'Dieses Mitglied ist bei dieser Abstimmung nicht stimmberechtigt.',
  'error.vote.no_authority': 'Sie dürfen diese Stimme nicht abgeben.',
  'error.vote.principal_present': 'Das vertretene Mitglied ist selbst anwesend und stimmt selbst ab.',
  'error.vote.invalid_choice': 'Diese Auswahl ist ungültig. Bitte prüfen Sie Ihren Stimmzettel.',
  'error.vote.empty': 'Es wurde keine Stimme ausgewählt.',
  'error.poll.not_open': 'Diese Abstimmung ist nicht (mehr) offen. Es können keine Stimmen abgegeben werden.',
  'error.poll.not_found': 'Diese Abstimmung gibt es nicht.',
  'error.receipt.poll_not_closed': 'Belege können erst geprüft werden, wenn die Abstimmung geschlossen ist.',
  'error.receipt.invalid': 'Dieser Beleg hat nicht das richtige Format.',
  'error.auth.invalid_credentials': 'Mitgliedsnummer oder Zugangscode sind falsch.',
  'error.auth.invalid_staff': 'Benutzername oder Passwort sind falsch.',
  'error.auth.locked': 'Zu viele Fehlversuche. Die Anmeldung ist vorübergehend gesperrt.',
  'error.auth.throttled':
    'Zu viele falsche Versuche von diesem Netz. Bitte warten Sie ein paar Sekunden und versuchen Sie es erneut.',
  'error.auth.rate_limited': 'Zu viele Versuche. Bitte warten Sie einen Moment.',
  'error.auth.assembly_closed': 'Diese Versammlung ist geschlossen.',
  'error.auth.required': 'Bitte melden Sie sich an.',
  'error.attendance.channel_not_offered': 'Für diese Versammlung ist keine Online-Teilnahme vorgesehen.',
  'error.attendance.already_present': 'Sie sind bereits anwesend gemeldet.',
  'error.network':
    'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'error.request.invalid': 'Die Eingabe ist ungültig. Bitte prüfen Sie sie.',
  'error.unknown': 'Unbekannter Fehler: {message}',
  'reason.roll.not_on_register': 'Sie stehen nicht auf der Liste der Stimmberechtigten.',
  'reason.poll.not_open': 'Die Abstimmung ist noch nicht geöffnet.',
  'reason.excluded':
    'Sie dürfen bei diesem Punkt nicht abstimmen: Es geht um Ihre eigene Entlastung oder eine eigene Angelegenheit.',
  'reason.roll.investing_member_no_vote': 'Investierende Mitglieder haben kein Stimmrecht.',
  'reason.other': 'Sie haben bei dieser Abstimmung kein Stimmrecht ({reason}).',
} as const;
