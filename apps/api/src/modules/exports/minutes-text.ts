/** Labels of the minutes and CSV exports in German and English (R27: Niederschrift, §47 GenG). */
export type Lang = 'de' | 'en';

const DE = {
  title: 'Niederschrift',
  convening: 'Einberufung',
  conveningLine: 'Einladung zugegangen am {date}: {channel}',
  notConvened: 'nicht festgehalten',
  channels: {
    text_form_to_each_member: 'Brief oder E-Mail an jedes Mitglied',
    statute_public_paper: 'Bekanntmachung im Blatt laut Satzung',
    website_only: 'nur auf der Website',
    bundesanzeiger_only: 'nur im Bundesanzeiger',
  } as Record<string, string>,
  draft: 'ENTWURF – diese Niederschrift ist noch nicht endgültig.',
  draftOpen: 'Die Versammlung ist noch nicht geschlossen.',
  findings: {
    'minutes.field_missing':
      'Es fehlen Pflichtangaben (Ort, Datum, Versammlungsleitung oder die Erklärung zu einem Beschluss).',
    'minutes.participation_list_missing': 'Zu einem Beschluss fehlt, wer auf welchem Weg teilgenommen hat.',
    'minutes.signature_missing':
      'Es fehlen die Unterschriften der Versammlungsleitung und eines Vorstandsmitglieds.',
    'minutes.convening_evidence_missing': 'Die Einberufung ist nicht festgehalten.',
    'minutes.attendance_list_missing': 'Das Teilnehmerverzeichnis fehlt.',
  } as Record<string, string>,
  assembly: 'Generalversammlung',
  place: 'Ort',
  date: 'Datum',
  begin: 'Beginn',
  form: 'Form',
  chair: 'Versammlungsleitung',
  seatNote: '(Sitz der Genossenschaft; virtuelle Versammlung, §47(1) GenG)',
  forms: {
    in_person: 'Präsenzversammlung',
    virtual: 'virtuelle Versammlung',
    hybrid: 'hybride Versammlung',
    extended: 'gestrecktes Verfahren',
  },
  attendance: 'Anwesenheit',
  present: 'Anwesende Mitglieder',
  inRoom: 'im Saal',
  online: 'online',
  represented: 'durch Bevollmächtigte vertreten',
  items: 'Tagesordnung und Beschlüsse',
  item: 'TOP',
  round: 'Wahlgang',
  method: 'Abstimmungsart',
  secret: 'geheim',
  open: 'offen',
  threshold: 'erforderliche Mehrheit',
  result: 'Ergebnis',
  yes: 'Ja',
  no: 'Nein',
  abstain: 'Enthaltung',
  invalid: 'ungültig',
  excludedVotes: 'vom Stimmrecht ausgeschlossen (§43(6) GenG)',
  ballots: 'abgegebene Stimmzettel',
  passed: 'angenommen',
  failed: 'abgelehnt',
  elected: 'gewählt',
  byLot: 'durch Los',
  runoff: 'Stichwahl erforderlich zwischen',
  lot: 'Losentscheid',
  lotTie: 'Stimmengleichheit zwischen',
  lotSeats: { one: 'um einen Sitz', other: 'um {count} Sitze' },
  lotRequired: 'Stichentscheid durch Los nötig; noch nicht gezogen.',
  lotValue: { chair: 'Von der Versammlungsleitung genannter Wert', random: 'Zufallswert des Servers' },
  lotEntry: 'Eintrag',
  lotHead: 'Kettenkopf bei der Ziehung',
  lotSeed: 'Startwert',
  lotOrder: 'gezogene Reihenfolge',
  lotWinners: 'durch Los gewählt',
  lotDrawnBy: 'gezogen von',
  allSeatsFilled: 'alle Sitze besetzt',
  seatsOpen: 'nicht alle Sitze besetzt',
  declaration: 'Feststellung der Versammlungsleitung',
  declarationIn: { de: 'auf Deutsch', en: 'auf Englisch' },
  deviation: 'Abweichung begründet',
  excluded: 'Vom Stimmrecht ausgeschlossen',
  objections: 'Widersprüche',
  otherObjections: 'Weitere Widersprüche (zu keinem einzelnen Beschluss)',
  noObjections:
    'Keine weiteren Widersprüche zu Protokoll gegeben; Widersprüche zu einzelnen Beschlüssen stehen beim jeweiligen Tagesordnungspunkt.',
  notVoted: 'Keine Abstimmung.',
  speakers: 'Wortmeldungen (in der Reihenfolge des Aufrufs)',
  floor: {
    heading: 'Anträge aus der Versammlung',
    kinds: {
      close_debate: 'Antrag auf Schluss der Debatte',
      adjourn: 'Antrag auf Vertagung',
      secret_ballot: 'Antrag auf geheime Abstimmung',
      agenda_order: 'Antrag auf Änderung der Tagesordnung',
      counter_motion: 'Gegenantrag',
      amendment: 'Änderungsantrag',
    } as Record<string, string>,
    movedBy: 'gestellt von',
    noText: '(ohne Begründung)',
    undecided: 'Über die Zulassung ist nicht entschieden',
    rejected: 'Nicht zugelassen',
    admitted: 'Zugelassen (Reichweite {reach})',
    vote: 'Abstimmung Nr. {n}',
    results: {
      adopted: 'Ergebnis: angenommen',
      defeated: 'Ergebnis: abgelehnt',
      lapsed: 'Erledigt: nicht mehr abgestimmt, weil ein Gegenantrag angenommen wurde',
      voting: 'Abstimmung läuft',
      admitted: 'Noch nicht abgestimmt',
    } as Record<string, string>,
    amended: 'Der Hauptantrag lautet nach der Änderung',
    votedAmended: 'Abgestimmt wurde über den Hauptantrag in der geänderten Fassung',
    mainLapsed: 'Der Hauptantrag ist erledigt: an seine Stelle ist der angenommene Gegenantrag getreten.',
  },
  pointOfOrder: 'zur Geschäftsordnung',
  integrity: 'Integrität',
  head: 'Kettenkopf des Prüfprotokolls',
  fingerprint: 'Prüfkennung (Fingerabdruck des Signaturschlüssels)',
  declaredHead: 'Kettenkopf nach der Feststellung',
  verifyNote:
    'Nachprüfbar mit plenum-verify --fingerprint <Prüfkennung> anhand des signierten Export-Bundles; die Kettenköpfe nach jeder Feststellung wurden im Saal angezeigt.',
  signatures: 'Unterschriften',
  signChair: 'Versammlungsleiter/in',
  signBoard: 'Mitglied des Vorstands',
  placeDate: 'Ort, Datum',
  proposer: 'Antrag von',
  documents: 'Unterlagen',
  candidates: 'Kandidierende',
  annex: 'Anlage: Teilnehmerverzeichnis (§47(3) GenG)',
  annexOptional: 'Anlage: Teilnehmerverzeichnis',
  memberNumber: 'Mitgliedsnr.',
  name: 'Name',
  presence: 'Teilnahme',
  via: 'vertreten durch',
  page: 'Seite',
  methods: {
    show_of_hands: 'Handzeichen',
    voting_cards: 'Stimmkarten',
    electronic: 'elektronisch',
    ballot_paper: 'Stimmzettel',
    most_votes: 'meiste Stimmen',
    absolute_majority_of_ballots: 'absolute Mehrheit der Stimmzettel',
    show_of_hands_per_seat: 'absolute Mehrheit im 1. Wahlgang, sonst Stichwahl',
    list: 'Listenwahl',
  } as Record<string, string>,
  of: 'von',
  hall: {
    counts: 'Stimmen nach Weg',
    hallCount: 'im Saal ausgezählt ({method})',
    hallPending: 'Saalzählung nicht bestätigt',
    electronic: 'elektronisch abgegeben',
    tellers: 'Stimmzähler/innen',
    entered: 'gezählt',
    confirmed: 'bestätigt',
    votes: { one: '{count} Stimme', other: '{count} Stimmen' },
    participation: 'Teilnahme an dieser Abstimmung nach Weg (ohne Inhalt der Stimmen)',
    channels: {
      hall: 'im Saal anwesend (Saalzählung)',
      room: 'im Saal, elektronisch',
      online: 'online',
      proxy: 'durch Bevollmächtigte',
      advance: 'vorab (Briefwahl)',
    } as Record<string, string>,
    secretRequest:
      'Antrag auf geheime Abstimmung: unterstützt von {supporting} von {base} ({basis}); erforderlich {share}; {outcome}.',
    basis: { valid_votes: 'gültigen Stimmen', members_present: 'anwesenden Mitgliedern' } as Record<
      string,
      string
    >,
    requestReached: 'die Abstimmung war daher geheim',
    requestNotReached: 'die erforderliche Unterstützung wurde nicht erreicht',
  },
  reasons: {
    'exclusion.subject_of_discharge': 'Gegenstand der Entlastung',
    'exclusion.body_member_in_period': 'Organmitglied im Entlastungszeitraum',
    'exclusion.co_member_same_body': 'Mitglied desselben Organs',
    'exclusion.other_body_member': 'Mitglied des anderen Organs',
    'exclusion.represented_legal_person': 'vertretene juristische Person',
    'exclusion.affected_person': 'selbst betroffen',
  } as Record<string, string>,
  csv: {
    results: [
      'TOP',
      'Titel',
      'Wahlgang',
      'Art',
      'geheim',
      'Ja',
      'Nein',
      'Enthaltung',
      'ungültig',
      'Kandidat/in',
      'Stimmen',
      'gewählt',
      'ausgeschlossen',
      'Stimmzettel',
      'Abstimmungsart',
      'Saal Ja',
      'Saal Nein',
      'Saal Enthaltung',
      'elektronisch Ja',
      'elektronisch Nein',
      'elektronisch Enthaltung',
      'elektronisch ungültig',
      'Stimmen elektronisch im Saal',
      'Stimmen online',
      'Stimmen durch Bevollmächtigte',
      'Stimmen vorab',
      'Stimmzähler/innen',
      'Mehrheit bzw. Wahlverfahren',
      'Ergebnis',
      'festgestellt',
      'Feststellung',
      'festgestellt am',
    ],
    kinds: { majority: 'Abstimmung', election: 'Wahl' } as Record<string, string>,
    yes: 'ja',
    no: 'nein',
    attendance: ['Mitgliedsnr.', 'Name', 'Teilnahme', 'vertreten durch', 'angemeldet um'],
    proxies: [
      'Vollmacht',
      'Vollmachtgeber Nr.',
      'Vollmachtgeber',
      'Bevollmächtigte/r',
      'Form',
      'Status',
      'Grund',
      'Zeitpunkt',
    ],
    presence: { room: 'im Saal', online: 'online', proxy: 'Vollmacht' } as Record<string, string>,
    status: { granted: 'erteilt', rejected: 'zurückgewiesen', revoked: 'widerrufen' } as Record<
      string,
      string
    >,
  },
};

type Text = typeof DE;

const EN: Text = {
  title: 'Minutes',
  convening: 'Convening',
  conveningLine: 'Invitation received on {date}: {channel}',
  notConvened: 'not recorded',
  channels: {
    text_form_to_each_member: 'letter or e-mail to each member',
    statute_public_paper: 'notice in the paper named in the statute',
    website_only: 'on the website only',
    bundesanzeiger_only: 'in the Federal Gazette only',
  },
  draft: 'DRAFT – these minutes are not final yet.',
  draftOpen: 'The assembly has not been closed yet.',
  findings: {
    'minutes.field_missing':
      'Required content is missing (place, date, chair or the declaration of a resolution).',
    'minutes.participation_list_missing': 'For a resolution, who took part and by which channel is missing.',
    'minutes.signature_missing': 'The signatures of the chair and a management-board member are missing.',
    'minutes.convening_evidence_missing': 'The convening is not recorded.',
    'minutes.attendance_list_missing': 'The attendance list is missing.',
  },
  assembly: 'General assembly',
  place: 'Place',
  date: 'Date',
  begin: 'Start',
  form: 'Form',
  chair: 'Chair',
  seatNote: "(the cooperative's registered seat; virtual assembly, §47(1) GenG)",
  forms: { in_person: 'in person', virtual: 'virtual', hybrid: 'hybrid', extended: 'extended procedure' },
  attendance: 'Attendance',
  present: 'Members present',
  inRoom: 'in the room',
  online: 'online',
  represented: 'represented by proxy',
  items: 'Agenda and resolutions',
  item: 'Item',
  round: 'Round',
  method: 'Voting method',
  secret: 'secret',
  open: 'open',
  threshold: 'required majority',
  result: 'Result',
  yes: 'Yes',
  no: 'No',
  abstain: 'Abstain',
  invalid: 'invalid',
  excludedVotes: 'excluded from voting (§43(6) GenG)',
  ballots: 'ballots cast',
  passed: 'passed',
  failed: 'rejected',
  elected: 'elected',
  byLot: 'by lot',
  runoff: 'run-off required between',
  lot: 'Drawing of lots',
  lotTie: 'tie between',
  lotSeats: { one: 'for one seat', other: 'for {count} seats' },
  lotRequired: 'A drawing of lots is required; not drawn yet.',
  lotValue: { chair: 'Value called out by the chair', random: 'Random value from the server' },
  lotEntry: 'entry',
  lotHead: 'chain head at the draw',
  lotSeed: 'seed',
  lotOrder: 'drawn order',
  lotWinners: 'elected by lot',
  lotDrawnBy: 'drawn by',
  allSeatsFilled: 'all seats filled',
  seatsOpen: 'not all seats filled',
  declaration: "Chair's declaration",
  declarationIn: { de: 'in German', en: 'in English' },
  deviation: 'Deviation justified',
  excluded: 'Excluded from voting',
  objections: 'Objections',
  otherObjections: 'Other objections (not to a particular resolution)',
  noObjections:
    'No further objections were recorded; objections to a resolution are listed under its agenda item.',
  notVoted: 'No vote.',
  speakers: 'Speakers (in the order called)',
  floor: {
    heading: 'Motions from the floor',
    kinds: {
      close_debate: 'Motion to close the debate',
      adjourn: 'Motion to adjourn',
      secret_ballot: 'Motion for a secret ballot',
      agenda_order: 'Motion to change the order of the agenda',
      counter_motion: 'Counter-motion',
      amendment: 'Amendment',
    } as Record<string, string>,
    movedBy: 'moved by',
    noText: '(no statement)',
    undecided: 'Admission not decided',
    rejected: 'Not admitted',
    admitted: 'Admitted (reach {reach})',
    vote: 'Vote no. {n}',
    results: {
      adopted: 'Result: adopted',
      defeated: 'Result: rejected',
      lapsed: 'Lapsed: not voted on because a counter-motion was adopted',
      voting: 'Vote in progress',
      admitted: 'Not yet voted on',
    } as Record<string, string>,
    amended: 'The main motion as amended reads',
    votedAmended: 'The main motion was voted on as amended',
    mainLapsed: 'The main motion lapsed: the adopted counter-motion took its place.',
  },
  pointOfOrder: 'point of order',
  integrity: 'Integrity',
  head: 'Ledger head (hash chain)',
  fingerprint: 'Key fingerprint (of the signing key)',
  declaredHead: 'Chain head after the declaration',
  verifyNote:
    'Verifiable with plenum-verify --fingerprint <key fingerprint> against the signed export bundle; the chain head after each declaration was shown in the room.',
  signatures: 'Signatures',
  signChair: 'Chair of the assembly',
  signBoard: 'Member of the management board',
  placeDate: 'Place, date',
  proposer: 'Proposed by',
  documents: 'Documents',
  candidates: 'Candidates',
  annex: 'Annex: attendance list (§47(3) GenG)',
  annexOptional: 'Annex: attendance list',
  memberNumber: 'Member no.',
  name: 'Name',
  presence: 'Presence',
  via: 'represented by',
  page: 'Page',
  methods: {
    show_of_hands: 'show of hands',
    voting_cards: 'voting cards',
    electronic: 'electronic',
    ballot_paper: 'ballot paper',
    most_votes: 'most votes',
    absolute_majority_of_ballots: 'absolute majority of ballots',
    show_of_hands_per_seat: 'absolute majority in round 1, else run-off',
    list: 'list vote',
  },
  of: 'of',
  hall: {
    counts: 'Votes by channel',
    hallCount: 'counted in the hall ({method})',
    hallPending: 'hall count not confirmed',
    electronic: 'cast electronically',
    tellers: 'Tellers',
    entered: 'counted',
    confirmed: 'confirmed',
    votes: { one: '{count} vote', other: '{count} votes' },
    participation: 'Participation in this vote by channel (never the choices)',
    channels: {
      hall: 'present in the hall (hall count)',
      room: 'in the hall, electronically',
      online: 'online',
      proxy: 'by proxy holders',
      advance: 'in advance (postal vote)',
    },
    secretRequest:
      'Request for a secret ballot: supported by {supporting} of {base} ({basis}); required {share}; {outcome}.',
    basis: { valid_votes: 'valid votes', members_present: 'members present' },
    requestReached: 'the vote was therefore secret',
    requestNotReached: 'the required support was not reached',
  },
  reasons: {
    'exclusion.subject_of_discharge': 'subject of the discharge',
    'exclusion.body_member_in_period': 'board member during the period',
    'exclusion.co_member_same_body': 'member of the same board',
    'exclusion.other_body_member': 'member of the other board',
    'exclusion.represented_legal_person': 'represented legal person',
    'exclusion.affected_person': 'personally affected',
  },
  csv: {
    results: [
      'Item',
      'Title',
      'Round',
      'Kind',
      'Secret',
      'Yes',
      'No',
      'Abstain',
      'Invalid',
      'Candidate',
      'Votes',
      'Elected',
      'Excluded',
      'Ballots',
      'Voting method',
      'Hall yes',
      'Hall no',
      'Hall abstain',
      'Electronic yes',
      'Electronic no',
      'Electronic abstain',
      'Electronic invalid',
      'Votes electronically in the hall',
      'Votes online',
      'Votes by proxy',
      'Votes in advance',
      'Tellers',
      'Majority or election method',
      'Result',
      'Declared',
      'Declaration',
      'Declared at',
    ],
    kinds: { majority: 'motion', election: 'election' } as Record<string, string>,
    yes: 'yes',
    no: 'no',
    attendance: ['Member no.', 'Name', 'Presence', 'Represented by', 'Checked in at'],
    proxies: ['Grant', 'Principal no.', 'Principal', 'Holder', 'Form', 'Status', 'Reason', 'At'],
    presence: { room: 'room', online: 'online', proxy: 'proxy' },
    status: { granted: 'granted', rejected: 'rejected', revoked: 'revoked' },
  },
};

/** A count-bearing text in the minutes' language: `{ one, other }` with `{count}`. */
export function plural(lang: Lang, forms: { one: string; other: string }, count: number): string {
  const rule = new Intl.PluralRules(lang === 'de' ? 'de-DE' : 'en-GB').select(count);
  return (rule === 'one' ? forms.one : forms.other).replace('{count}', String(count));
}

/**
 * R27, C5: how a vote was taken, line by line: the hall count with its tellers, the electronic
 * ballots with their channels. Shared by the HTML and PDF minutes.
 */
export function channelLines(
  lang: Lang,
  p: {
    methodName: string;
    hall: { yes: number; no: number; abstain: number } | null;
    hallPending: boolean;
    electronic: { yes: number; no: number; abstain: number; invalid: number } | null;
    channelVotes: { room: number; online: number; proxy: number; advance: number };
    tellers: { name: string; role: 'entered' | 'confirmed' }[];
  },
): string[] {
  const t = text(lang);
  const lines: string[] = [];
  const counts = (c: { yes: number; no: number; abstain: number; invalid?: number }) =>
    [
      `${t.yes} ${c.yes}`,
      `${t.no} ${c.no}`,
      `${t.abstain} ${c.abstain}`,
      ...(c.invalid === undefined ? [] : [`${t.invalid} ${c.invalid}`]),
    ].join(' · ');
  if (p.hall !== null) {
    const tellers = p.tellers.map((x) => `${x.name} (${t.hall[x.role]})`).join(', ');
    lines.push(
      `${t.hall.hallCount.replace('{method}', p.methodName)}: ${counts(p.hall)}${tellers ? ` – ${t.hall.tellers}: ${tellers}` : ''}`,
    );
  } else if (p.hallPending) {
    lines.push(`${t.hall.hallCount.replace('{method}', p.methodName)}: ${t.hall.hallPending}`);
  }
  const v = p.channelVotes;
  const electronicVotes = v.room + v.online + v.proxy + v.advance;
  if (p.electronic !== null && (electronicVotes > 0 || p.hall === null)) {
    const by = (['room', 'online', 'proxy', 'advance'] as const)
      .filter((c) => v[c] > 0)
      .map((c) => `${t.hall.channels[c]} ${v[c]}`)
      .join(', ');
    lines.push(
      `${t.hall.electronic}: ${counts(p.electronic)} (${plural(lang, t.hall.votes, electronicVotes)}${by ? `: ${by}` : ''})`,
    );
  }
  return lines;
}

export function text(lang: Lang): Text {
  return lang === 'de' ? DE : EN;
}

/**
 * A date, or a date and time with its time-zone name, in the cooperative's time zone (the
 * statute's `convening.timeZone`), as a German or English reader expects.
 */
export function formatInstant(iso: string, lang: Lang, withTime = true, timeZone = 'Europe/Berlin'): string {
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
    ...(withTime
      ? {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          timeZoneName: 'short',
        }
      : { dateStyle: 'long' }),
    timeZone,
  }).format(new Date(iso));
}

/** A file size in words: "12 KB", "1,4 MB". */
export function fileSize(bytes: number, lang: Lang): string {
  const format = (n: number) => n.toLocaleString(lang, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}
