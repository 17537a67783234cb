import type { AgendaItemInput } from '../modules/assemblies/assemblies.service.ts';
import { DEMO_BUSINESS_YEAR } from './demo-register.ts';

export const DEMO_COOPERATIVE = 'Kreativgenossenschaft Beispiel eG';

const year = DEMO_BUSINESS_YEAR;
/** The business year being discharged (R11: a discharge names its period). */
const period = { from: `${year}-01-01`, to: `${year}-12-31` };

/**
 * The agenda of an ordinary annual assembly (§48 GenG): accounts, profit, discharge of each board
 * separately (R11), the audit report (R19, §59(1)), an election and a statute amendment (§16(2)).
 */
export function demoAgenda(announcedOn: string): AgendaItemInput[] {
  const item = (input: AgendaItemInput): AgendaItemInput => ({ announcedOn, ...input });
  return [
    item({
      kind: 'information_only',
      title: 'Eröffnung und Regularien',
      body:
        'Begrüßung durch die Versammlungsleitung. Feststellung der form- und fristgerechten ' +
        'Einberufung, der Beschlussfähigkeit und der Tagesordnung. Bestimmung der Protokollführung ' +
        'und der Stimmzählung.',
    }),
    item({
      kind: 'information_only',
      title: `Bericht des Vorstands über das Geschäftsjahr ${year}; Bericht über die gesetzliche Prüfung`,
      body:
        `Der Vorstand berichtet über das Geschäftsjahr ${year}: Mitgliederentwicklung, ` +
        'Projektabrechnung, Liquidität und Ausblick. Der Aufsichtsrat berichtet über seine Tätigkeit. ' +
        'Bekanntgabe des wesentlichen Ergebnisses der gesetzlichen Prüfung durch den Prüfungsverband ' +
        '(§ 59 Abs. 1 GenG); eine Vertreterin des Prüfungsverbands ist anwesend.',
      details: { auditReport: true },
    }),
    item({
      kind: 'annual_accounts',
      title: `Feststellung des Jahresabschlusses ${year}`,
      proposer: 'Vorstand und Aufsichtsrat',
      body: [
        `Vorstand und Aufsichtsrat schlagen vor, den **Jahresabschluss zum 31.12.${year}** in der ` +
          'vorgelegten Fassung festzustellen.',
        '',
        '- Bilanzsumme: 4.812.336,17 €',
        '- Jahresüberschuss: 61.480,52 €',
        '',
        'Der Prüfungsverband hat den Jahresabschluss geprüft; das Ergebnis wurde unter dem ' +
          'vorigen Punkt bekannt gegeben. Der Jahresabschluss ist als Dokument beigefügt.',
      ].join('\n'),
    }),
    item({
      kind: 'appropriation_of_profit_or_loss',
      title: 'Verwendung des Jahresüberschusses',
      proposer: 'Vorstand und Aufsichtsrat',
      body: [
        'Vorstand und Aufsichtsrat schlagen vor, den Jahresüberschuss von **61.480,52 €** wie folgt ' +
          'zu verwenden:',
        '',
        '1. Einstellung in die gesetzliche Rücklage: 6.148,05 €',
        '2. Einstellung in andere Ergebnisrücklagen: 30.000,00 €',
        '3. Vortrag auf neue Rechnung: 25.332,47 €',
        '',
        'Eine Dividende wird nicht ausgeschüttet.',
      ].join('\n'),
    }),
    item({
      kind: 'discharge_management_board',
      title: `Entlastung des Vorstands für das Geschäftsjahr ${year}`,
      proposer: 'Aufsichtsrat',
      body:
        `Der Aufsichtsrat schlägt vor, den Mitgliedern des Vorstands für das Geschäftsjahr ${year} ` +
        'Entlastung zu erteilen (Gesamtentlastung). Die Mitglieder des Vorstands sind nach ' +
        '§ 43 Abs. 6 GenG nicht stimmberechtigt.',
      details: { discharge: { mode: 'collective', period } },
    }),
    item({
      kind: 'discharge_supervisory_board',
      title: `Entlastung des Aufsichtsrats für das Geschäftsjahr ${year}`,
      proposer: 'Vorstand',
      body:
        `Der Vorstand schlägt vor, den Mitgliedern des Aufsichtsrats für das Geschäftsjahr ${year} ` +
        'Entlastung zu erteilen (Gesamtentlastung). Wer im Geschäftsjahr dem Aufsichtsrat angehörte, ' +
        'ist nach § 43 Abs. 6 GenG nicht stimmberechtigt, auch nicht als Bevollmächtigte/r.',
      details: { discharge: { mode: 'collective', period } },
    }),
    item({
      kind: 'supervisory_board_election',
      title: 'Wahlen zum Aufsichtsrat',
      proposer: 'Aufsichtsrat',
      body:
        'Zwei Sitze im Aufsichtsrat sind neu zu besetzen: die Amtszeit eines Mitglieds endet mit ' +
        'dieser Versammlung, ein Sitz ist seit dem 30.06.2025 unbesetzt. Es kandidieren drei ' +
        'Mitglieder; jede Stimme kann bis zu zwei Kandidierende wählen, gewählt sind die zwei mit den ' +
        'meisten Stimmen. Die Wahl ist geheim.',
      details: { seats: 2 },
    }),
    item({
      kind: 'statute_amendment',
      title: 'Satzungsänderung: virtuelle und hybride Generalversammlung (§ 28a der Satzung)',
      proposer: 'Vorstand und Aufsichtsrat',
      body: [
        'Die Satzung erhält nach § 28 einen neuen **§ 28a „Virtuelle und hybride Generalversammlung“**:',
        '',
        '1. Der Vorstand kann mit Zustimmung des Aufsichtsrats vorsehen, dass die ' +
          'Generalversammlung ohne physische Präsenz der Mitglieder stattfindet (virtuelle Versammlung).',
        '2. Er kann ebenso vorsehen, dass Mitglieder an einer Versammlung vor Ort auch im Wege der ' +
          'elektronischen Kommunikation teilnehmen (hybride Versammlung).',
        '',
        'Der Beschluss bedarf einer Mehrheit von drei Vierteln der abgegebenen Stimmen ' +
          '(§ 16 Abs. 2 GenG).',
      ].join('\n'),
    }),
    item({
      kind: 'information_only',
      title: 'Verschiedenes',
      body: 'Anregungen und Fragen der Mitglieder. Beschlüsse werden unter diesem Punkt nicht gefasst.',
    }),
  ];
}

/** Short statements of the election's candidates, in nomination order. */
export const DEMO_CANDIDATE_STATEMENTS = [
  'Ich gehöre dem Aufsichtsrat seit 2022 an und kandidiere erneut. Mein Schwerpunkt bleibt die ' +
    'Prüfung der Finanzen: Beruflich berate ich Betriebe in Steuerfragen, und ich möchte die Sanierung unserer Werkstätten ' +
    'solide finanziert sehen.',
  'Ich bin seit 2019 Mitglied und arbeite in einem Architekturbüro. Im Aufsichtsrat möchte ich mich für ' +
    'bezahlbare Ateliers, eine energetische Modernisierung und mehr Beteiligung der Mitglieder ' +
    'einsetzen.',
  'Ich leite unsere offene Werkstatt für Jugendliche und möchte, dass die ' +
    'Genossenschaft jungen Mitgliedern den Einstieg erleichtert und transparent berichtet.',
];
