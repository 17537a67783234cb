// Every API error code in plain words (German). `errors.test` in apps/api checks that no code
// is missing; the server's own message is only a fallback for codes added later.
export const ERRORS_DE: Readonly<Record<string, string>> = {
  'request.invalid': 'Die Eingabe ist unvollständig oder hat ein falsches Format.',
  'request.unknown_field': 'Die Anfrage enthält ein Feld, das hier nicht vorgesehen ist.',
  'request.too_large': 'Die Datei oder Eingabe ist zu groß.',
  'route.not_found': 'Diese Funktion gibt es nicht.',
  'server.unavailable': 'Der Server ist gerade nicht erreichbar. Bitte in wenigen Sekunden erneut versuchen.',
  'server.internal': 'Ein unerwarteter Fehler ist aufgetreten; es wurde nichts geändert.',
  'auth.required': 'Bitte melden Sie sich an.',
  'auth.forbidden': 'Dafür fehlt Ihnen die Berechtigung.',
  'auth.invalid_credentials': 'Die Anmeldedaten stimmen nicht.',
  'auth.locked': 'Zu viele Fehlversuche. Bitte später erneut versuchen.',
  'auth.rate_limited': 'Zu viele Anfragen in kurzer Zeit. Bitte kurz warten und erneut versuchen.',
  'assembly.not_found': 'Diese Versammlung gibt es nicht.',
  'assembly.not_in_preparation': 'Die Versammlung kann nur in der Vorbereitung geändert werden.',
  'assembly.code_unknown':
    'Zu diesem Versammlungscode gibt es keine Versammlung. Bitte den Code aus der Einladung oder von der Leinwand prüfen.',
  'agenda.item_not_found': 'Diesen Tagesordnungspunkt gibt es in dieser Versammlung nicht.',
  'agenda.candidate_exists': 'Dieses Mitglied kandidiert bereits für diesen Punkt.',
  'agenda.item_locked':
    'Über diesen Punkt wird bereits abgestimmt. Text, Unterlagen und Kandidierende können nicht mehr geändert werden.',
  'document.not_found': 'Dieses Dokument gibt es in dieser Versammlung nicht.',
  'document.not_pdf': 'Die Datei ist kein PDF. Es wurde nichts gespeichert.',
  'candidate.not_found': 'Diese Kandidatur gibt es bei diesem Punkt nicht.',
  'candidate.photo_invalid': 'Das Foto ist kein JPEG- oder PNG-Bild. Es wurde nichts gespeichert.',
  'candidate.photo_not_found': 'Für diese Kandidatur ist kein Foto hinterlegt.',
  'convening.notice_in_future': 'Das Datum der Einladung liegt in der Zukunft.',
  'assembly.transition_not_allowed': 'Dieser Schritt ist im jetzigen Stand der Versammlung nicht möglich.',
  'assembly.not_convened': 'Die Versammlung ist noch nicht einberufen.',
  'assembly.not_open': 'Die Versammlung ist nicht eröffnet.',
  'assembly.not_closed': 'Die Niederschrift ist erst nach dem Schluss der Versammlung endgültig.',
  'assembly.closed': 'Die Versammlung ist geschlossen; es kann nichts mehr erfasst werden.',
  'assembly.polls_open': 'Es läuft noch eine Abstimmung. Bitte zuerst alle Abstimmungen schließen.',
  'assembly.access_denied': 'Ihre Anmeldung gilt für eine andere Versammlung.',
  'objection.member_required': 'Bitte das widersprechende Mitglied angeben (Mitgliedsnummer).',
  'member.not_found': 'Dieses Mitglied ist nicht im Mitgliederverzeichnis.',
  'poll.not_declared': 'Nur ein verkündetes Ergebnis kann berichtigt werden.',
  'poll.not_found': 'Diese Abstimmung gibt es nicht.',
  'poll.tally_mismatch':
    'Die gespeicherten Stimmen passen nicht zusammen; die Abstimmung wurde nicht geschlossen. Bitte die technische Betreuung verständigen.',
  'attendance.already_present': 'Das Mitglied ist bereits anwesend gemeldet.',
  'attendance.not_present': 'Das Mitglied ist nicht anwesend gemeldet.',
  'attendance.not_admitted':
    'Das Mitglied darf nicht teilnehmen (z. B. ausgeschlossen oder kein Mitglied). Die Zurückweisung ist festgehalten.',
  'attendance.channel_not_offered': 'Diese Versammlung bietet diese Teilnahmeform nicht an.',
  'proxy.not_found': 'Diese Vollmacht gibt es nicht.',
  'proxy.holder_not_found': 'Die bevollmächtigte Person ist nicht im Mitgliederverzeichnis.',
  'vote.duplicate': 'Für dieses Mitglied wurde in dieser Abstimmung bereits eine Stimme abgegeben.',
  'vote.not_on_roll': 'Dieses Mitglied ist bei dieser Abstimmung nicht stimmberechtigt.',
  'vote.excluded':
    'Dieses Mitglied darf über diesen Punkt nicht abstimmen (Stimmverbot nach § 43 Abs. 6 GenG).',
  'vote.voter_excluded': 'Sie dürfen über diesen Punkt nicht abstimmen (Stimmverbot nach § 43 Abs. 6 GenG).',
  'vote.no_authority': 'Sie dürfen die Stimme dieses Mitglieds nicht abgeben.',
  'vote.not_present': 'Bitte melden Sie sich zuerst anwesend; abstimmen kann nur, wer anwesend ist.',
  'vote.principal_present': 'Das vertretene Mitglied ist selbst anwesend und stimmt selbst ab.',
  'vote.invalid_choice': 'Diese Auswahl ist bei dieser Abstimmung nicht möglich.',
  'vote.empty': 'Es wurde keine Stimme ausgewählt.',
  'vote.advance_not_allowed': 'Die Satzung sieht keine Stimmabgabe im Vorfeld vor.',
  'vote.advance_closed':
    'Die Stimmabgabe im Vorfeld endet mit der Eröffnung der Abstimmung; bitte jetzt in der Abstimmung abstimmen.',
  'vote.superseded_by_advance':
    'Für dieses Mitglied liegt eine Stimme aus dem Vorfeld vor, die nach der Satzung Vorrang hat.',
  'receipt.invalid': 'Das ist kein gültiger Beleg-Code. Bitte die Eingabe prüfen.',
  'receipt.poll_not_closed': 'Belege lassen sich prüfen, sobald die Abstimmung geschlossen ist.',
  'auth.password_too_short': 'Das Passwort braucht mindestens 12 Zeichen.',
  'auth.username_taken': 'Diesen Benutzernamen gibt es schon.',
  'auth.codes_already_issued':
    'Alle gewählten Mitglieder haben schon einen Zugangscode. Zum Ersetzen „Neu ausstellen“ wählen.',
  'auth.assembly_closed': 'Die Versammlung ist geschlossen; es werden keine Zugangscodes mehr ausgestellt.',
  'auth.throttled':
    'Zu viele falsche Versuche für diese Anmeldung. Bitte wenige Sekunden warten und erneut versuchen.',
  'auth.staff_user_not_found': 'Dieses Benutzerkonto gibt es nicht.',
  'request.cross_site':
    'Die Anfrage kam nicht von dieser Seite und wurde abgewiesen. Bitte die Seite neu laden.',
  'members.csv_invalid':
    'Die Datei lässt sich nicht als Mitgliederliste lesen (Kodierung, Kopfzeile oder Spalten prüfen).',
  'members.csv_has_errors':
    'Einige Zeilen sind fehlerhaft, deshalb wurde nichts eingelesen. Die Liste unten nennt jede Zeile.',
  'members.representative_not_found': 'Diese Vertretung gibt es für dieses Mitglied nicht.',
  'members.representative_self': 'Ein Mitglied kann sich nicht selbst vertreten.',
  'members.representative_duplicate': 'Diese Person vertritt das Mitglied bereits.',
  'members.heirs_representative_exists':
    'Die Erben haben bereits eine gemeinsame Vertretung; diese zuerst entfernen.',
  'offices.not_found': 'Dieses Amt gibt es nicht.',
  'offices.invalid_period': 'Die Amtszeit endet vor ihrem Beginn.',
  'offices.overlap': 'Diese Person hat in diesem Zeitraum bereits ein Amt in diesem Organ.',
  'offices.already_ended': 'Diese Amtszeit ist bereits beendet.',
  'statute.threshold_below_legal_minimum': 'Die Mehrheit liegt unter dem gesetzlichen Mindestmaß.',
  'statute.threshold_invalid': 'Die Mehrheit muss zwischen einfacher Mehrheit und Einstimmigkeit liegen.',
  'statute.threshold_not_configurable': 'Für diese Art von Punkt gibt es keine einstellbare Mehrheit.',
  'statute.multiple_votes_invalid':
    'Mehrstimmrechte sind 1 bis 3 Stimmen je Mitglied, ohne Mehrstimmrecht genau 1.',
  'statute.proxy_cap_invalid': 'Eine bevollmächtigte Person darf höchstens zwei Mitglieder vertreten.',
  'statute.notice_period_below_minimum': 'Die Einberufungsfrist beträgt mindestens zwei Wochen.',
  'statute.minority_share_above_legal_maximum': 'Der Minderheitenanteil darf höchstens ein Zehntel betragen.',
  'statute.supervisory_board_seats_below_minimum': 'Der Aufsichtsrat hat mindestens drei Mitglieder.',
  'statute.channel_precedence_invalid':
    'Die Rangfolge muss persönliche Stimme, Vollmacht und Vorab-Stimme je einmal nennen.',
  'statute.secret_request_share_invalid': 'Der Anteil für den Antrag auf geheime Abstimmung ist ungültig.',
  'statute.quorum_invalid': 'Die Beschlussfähigkeit muss ein Anteil der Mitglieder sein.',
  'statute.business_year_start_invalid':
    'Der Beginn des Geschäftsjahres muss als Monat und Tag angegeben werden.',
  'statute.time_zone_invalid': 'Diese Zeitzone ist unbekannt (z. B. Europe/Berlin).',
  'proxy.self_grant': 'Ein Mitglied kann sich nicht selbst bevollmächtigen.',
  'proxy.form_insufficient': 'Die Vollmacht hat nicht die von der Satzung verlangte Form.',
  'proxy.document_missing': 'Bitte das Vollmachtsdokument angeben.',
  'proxy.limited_to_items': 'Eine Vollmacht darf nicht auf einzelne Punkte beschränkt werden.',
  'proxy.principal_not_eligible': 'Das vertretene Mitglied ist nicht stimmberechtigt.',
  'proxy.holder_not_member': 'Bevollmächtigt werden können nach der Satzung nur Mitglieder.',
  'proxy.holder_not_eligible': 'Die bevollmächtigte Person ist selbst nicht stimmberechtigt.',
  'proxy.professional_holder_not_allowed': 'Die Satzung lässt geschäftsmäßige Bevollmächtigte nicht zu.',
  'proxy.chain_not_allowed': 'Wer selbst eine Vollmacht erteilt hat, kann keine Vollmacht übernehmen.',
  'proxy.principal_already_represented': 'Dieses Mitglied wird bereits vertreten.',
  'proxy.holder_cap_reached':
    'Diese Person vertritt bereits so viele Mitglieder, wie die Satzung erlaubt (höchstens zwei).',
  'proxy.not_permitted_by_statute': 'Die Satzung lässt Vollmachten nicht zu.',
  'proxy.deadline_passed': 'Die Frist für Vollmachten ist abgelaufen.',
  'proxy.already_revoked': 'Diese Vollmacht ist bereits widerrufen.',
  'proxy.revocation_not_by_party':
    'Widerrufen können nur das vertretene Mitglied oder die bevollmächtigte Person.',
  'discharge.period_invalid': 'Der Entlastungszeitraum ist ungültig.',
  'discharge.subject_required': 'Bei Einzelentlastung bitte die entlastete Person angeben.',
  'discharge.subject_not_in_office': 'Diese Person war im Zeitraum nicht im Amt.',
  'tally.counts_invalid': 'Die Zahlen müssen ganze, nicht negative Zahlen sein.',
  'tally.more_ballots_than_votes': 'Es wurden mehr Stimmen gezählt, als abgegeben werden konnten.',
  'poll.item_not_votable': 'Über diesen Punkt wird nicht abgestimmt.',
  'poll.not_draft': 'Die Abstimmung ist schon eröffnet.',
  'poll.not_open': 'Die Abstimmung ist nicht geöffnet.',
  'poll.not_closed': 'Die Abstimmung ist noch nicht geschlossen.',
  'poll.rehearsal_not_declared': 'Eine Probeabstimmung zählt nicht; ihr Ergebnis wird nicht festgestellt.',
  'poll.already_declared':
    'Das Ergebnis ist bereits festgestellt; eine Berichtigung wird eigens festgehalten.',
  'poll.roll_mismatch': 'Das Stimmverzeichnis passt nicht zu dieser Abstimmung.',
  'poll.declaration_contradicts_tally':
    'Die Feststellung weicht vom Zählergebnis ab; bitte eine Begründung angeben.',
  'poll.correction_reason_required': 'Eine Berichtigung braucht eine Begründung.',
  'poll.correction_of_other_poll': 'Die Berichtigung gehört zu einer anderen Abstimmung.',
  'election.candidate_not_natural_person': 'Kandidieren können nur natürliche Personen.',
  'election.candidate_not_member': 'Kandidieren können nur Mitglieder oder Vertretungen von Mitgliedern.',
  'election.candidate_on_management_board':
    'Ein Vorstandsmitglied kann nicht in den Aufsichtsrat gewählt werden.',
  'election.candidate_holds_prokura': 'Wer Prokura hat, kann nicht in den Aufsichtsrat gewählt werden.',
  'election.candidate_former_board_not_discharged':
    'Ein früheres Vorstandsmitglied ist erst nach seiner Entlastung wählbar.',
  'election.seats_invalid': 'Die Zahl der Sitze ist ungültig.',
  'election.votes_per_ballot_invalid': 'Die Zahl der Stimmen je Stimmzettel ist ungültig.',
  'election.no_candidates': 'Für diese Wahl gibt es keine Kandidierenden.',
  'election.list_voting_not_allowed': 'Die Satzung lässt keine Listenwahl zu.',
  'election.list_size_mismatch': 'Die Liste muss so viele Namen haben, wie Sitze frei sind.',
  'election.runoff_not_applicable': 'Aus dem letzten Wahlgang folgt kein weiterer Wahlgang.',
  'election.candidate_not_elected': 'Diese Person wurde nicht gewählt.',
  'election.acceptance_already_recorded': 'Die Annahme oder Ablehnung der Wahl ist bereits festgehalten.',
  'convening.notice_period_too_short':
    'Die Einladung kommt zu spät: die Frist beträgt mindestens zwei Wochen.',
  'convening.channel_insufficient':
    'Dieser Weg der Einladung genügt nicht (Textform an jedes Mitglied oder das Blatt der Satzung).',
  'convening.agenda_missing': 'Die Einladung muss die Tagesordnung nennen.',
  'convening.access_details_missing': 'Für eine virtuelle oder hybride Versammlung fehlen die Zugangsdaten.',
  'convening.item_announced_too_late':
    'Dieser Punkt wurde weniger als eine Woche vorher angekündigt; darüber kann nicht beschlossen werden.',
  'convening.annual_assembly_outside_first_half':
    'Die ordentliche Versammlung muss in den ersten sechs Monaten des Geschäftsjahres stattfinden.',
  'minority.too_few_supporters': 'Zu wenige Mitglieder unterstützen das Verlangen.',
  'convening.audit_report_missing': 'Der Prüfungsbericht gehört auf die Tagesordnung.',
  'minutes.field_missing': 'In der Niederschrift fehlt eine Angabe.',
  'minutes.signature_missing': 'Die Niederschrift ist noch nicht unterschrieben.',
  'minutes.participation_list_missing': 'Der Niederschrift fehlt die Liste der Teilnehmenden je Beschluss.',
  'minutes.attendance_list_missing': 'Der Niederschrift fehlt das Teilnehmerverzeichnis.',
  'minutes.convening_evidence_missing': 'Der Niederschrift fehlen die Belege der Einberufung.',
  'request.unknown_reference': 'Die Anfrage verweist auf etwas, das es nicht gibt.',
  'request.constraint_violated': 'Die Anfrage verstößt gegen eine Regel der gespeicherten Daten.',
  'request.conflict': 'Das gibt es bereits.',
  'proxy.principal_not_found': 'Das vertretene Mitglied ist nicht im Mitgliederverzeichnis.',
  'statute.unknown_setting': 'Diese Satzungseinstellung gibt es nicht.',
  'vote.cast_by_proxy':
    'Ihre bevollmächtigte Person hat in dieser Abstimmung bereits für Sie abgestimmt, als Sie noch nicht da waren; das ist hier Ihre Stimme.',
  'speakers.no_current_item': 'Die Versammlungsleitung hat noch keinen Tagesordnungspunkt aufgerufen.',
  'speakers.not_present':
    'Bitte melden Sie sich zuerst anwesend; Wortmeldungen kann nur abgeben, wer anwesend ist.',
  'speakers.list_closed': 'Die Redeliste zu diesem Punkt ist geschlossen.',
  'speakers.list_open': 'Die Redeliste ist bereits offen.',
  'speakers.already_requested': 'Sie stehen zu diesem Punkt schon auf der Redeliste.',
  'speakers.not_waiting': 'Diese Wortmeldung steht nicht (mehr) auf der Redeliste.',
  'speakers.queue_empty': 'Niemand steht auf der Redeliste.',
  'speakers.no_speaker': 'Niemand hat gerade das Wort.',
  'speakers.timer_not_running': 'Die Redezeit läuft nicht.',
  'poll.method_not_secret':
    "Eine geheime Abstimmung kann nicht per Handzeichen oder Stimmkarte erfolgen. Bitte Stimmzettel oder elektronische Abstimmung wählen.",
  'poll.method_needs_hall':
    "Diese Versammlung hat keinen Saal: Es wird elektronisch abgestimmt.",
  'poll.hall_method_election':
    "Wahlen werden elektronisch durchgeführt; die Zählung im Saal gibt es für Ja/Nein/Enthaltung.",
  'hall.count_implausible':
    "Die Saalzählung hat mehr Stimmen, als im Saal abgegeben werden können.",
  'hall.count_mismatch':
    "Die Zahlen stimmen nicht mit der ersten Zählung überein. Es wurde nichts geändert; bitte neu zählen.",
  'hall.same_teller':
    "Die Zählung muss von einem zweiten, anderen Stimmzähler bestätigt werden.",
  'hall.count_not_confirmed':
    "Das Ergebnis kann erst verkündet werden, wenn die Saalzählung bestätigt ist.",
  'teller.not_found':
    "Es gibt kein aktives Konto mit der Rolle Stimmzähler unter dieser Kennung.",
  'teller.already_appointed':
    "Dieser Stimmzähler ist für die Versammlung bereits bestellt.",
  'hall.not_teller':
    "Nur ein für diese Versammlung bestellter Stimmzähler kann eine Saalzählung eingeben.",
  'hall.not_counted':
    "Diese Abstimmung wird nicht im Saal gezählt.",
  'hall.poll_not_closed':
    "Die Saalzählung wird nach dem Schließen der Abstimmung und vor der Verkündung eingegeben.",
  'hall.already_confirmed':
    "Die Saalzählung ist bestätigt und kann nicht mehr geändert werden.",
  'vote.counted_in_hall':
    "Diese Abstimmung wird im Saal gezählt: Wer im Saal ist, stimmt dort ab, nicht am Telefon.",
};
