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
      body:
        `Vorstand und Aufsichtsrat schlagen vor, den Jahresabschluss zum 31.12.${year} ` +
        '(Bilanzsumme 4.812.336,17 €, Jahresüberschuss 61.480,52 €) in der vorgelegten Fassung festzustellen.',
    }),
    item({
      kind: 'appropriation_of_profit_or_loss',
      title: 'Verwendung des Jahresüberschusses',
      body:
        'Vorschlag: Vom Jahresüberschuss von 61.480,52 € werden 6.148,05 € in die gesetzliche ' +
        'Rücklage und 30.000,00 € in andere Ergebnisrücklagen eingestellt; 25.332,47 € werden auf ' +
        'neue Rechnung vorgetragen. Eine Dividende wird nicht ausgeschüttet.',
    }),
    item({
      kind: 'discharge_management_board',
      title: `Entlastung des Vorstands für das Geschäftsjahr ${year}`,
      body:
        `Der Aufsichtsrat schlägt vor, den Mitgliedern des Vorstands für das Geschäftsjahr ${year} ` +
        'Entlastung zu erteilen (Gesamtentlastung). Die Mitglieder des Vorstands sind nach ' +
        '§ 43 Abs. 6 GenG nicht stimmberechtigt.',
      details: { discharge: { mode: 'collective', period } },
    }),
    item({
      kind: 'discharge_supervisory_board',
      title: `Entlastung des Aufsichtsrats für das Geschäftsjahr ${year}`,
      body:
        `Der Vorstand schlägt vor, den Mitgliedern des Aufsichtsrats für das Geschäftsjahr ${year} ` +
        'Entlastung zu erteilen (Gesamtentlastung). Wer im Geschäftsjahr dem Aufsichtsrat angehörte, ' +
        'ist nach § 43 Abs. 6 GenG nicht stimmberechtigt, auch nicht als Bevollmächtigte/r.',
      details: { discharge: { mode: 'collective', period } },
    }),
    item({
      kind: 'supervisory_board_election',
      title: 'Wahlen zum Aufsichtsrat',
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
      body:
        'Vorschlag: Die Satzung erhält einen neuen § 28a: „Der Vorstand kann mit Zustimmung des ' +
        'Aufsichtsrats vorsehen, dass die Generalversammlung ohne physische Präsenz der Mitglieder ' +
        'oder hybrid stattfindet (§ 43b GenG).“ Der Beschluss bedarf einer Mehrheit von drei Vierteln ' +
        'der abgegebenen Stimmen (§ 16 Abs. 2 GenG).',
    }),
    item({
      kind: 'information_only',
      title: 'Verschiedenes',
      body: 'Anregungen und Fragen der Mitglieder. Beschlüsse werden unter diesem Punkt nicht gefasst.',
    }),
  ];
}
