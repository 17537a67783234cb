/** Words of the invitation (PDF) and its mail-merge CSV in German and English. */
import type { Lang } from '../exports/minutes-text.ts';

const DE = {
  title: 'Einladung zur Generalversammlung',
  seat: 'Sitz',
  intro: 'Hiermit laden wir zur Generalversammlung ein.',
  assembly: 'Versammlung',
  when: 'Datum und Uhrzeit',
  place: 'Ort',
  form: 'Form',
  forms: {
    in_person: 'Präsenzversammlung',
    virtual: 'virtuelle Versammlung',
    hybrid: 'hybride Versammlung (im Saal und online)',
    extended: 'gestrecktes Verfahren',
  },
  online: 'Online teilnehmen',
  code: 'Versammlungscode',
  access: 'Zugangsdaten',
  accessNote:
    'Ihren persönlichen Zugangscode erhalten Sie gesondert. Mit ihm melden Sie sich unter dem Link oben an.',
  agenda: 'Tagesordnung',
  item: 'TOP',
  proposer: 'Antrag von',
  notice: 'Hinweis zur Einberufung',
  noticeLine: 'Diese Einladung gilt als zugegangen am {date}; sie geht auf folgendem Weg zu: {channel}.',
  channels: {
    text_form_to_each_member: 'in Textform (Brief oder E-Mail) an jedes Mitglied',
    statute_public_paper: 'durch Bekanntmachung im Blatt laut Satzung',
    website_only: 'nur auf der Website',
    bundesanzeiger_only: 'nur im Bundesanzeiger',
  } as Record<string, string>,
  proxies: 'Vertretung durch Bevollmächtigte',
  proxyNone: 'Die Satzung lässt keine Vertretung durch Bevollmächtigte zu.',
  proxyForm: {
    text: 'Mitglieder können sich vertreten lassen; die Vollmacht bedarf der Textform (z. B. E-Mail).',
    written:
      'Mitglieder können sich vertreten lassen; die Vollmacht bedarf der Schriftform (eigenhändig unterschrieben).',
  },
  proxyHolders: {
    members_only: 'Bevollmächtigte müssen selbst Mitglied der Genossenschaft sein.',
    members_spouses_relatives:
      'Bevollmächtigte können Mitglieder sowie Ehegatten und Verwandte von Mitgliedern sein.',
  },
  proxyMax: {
    one: 'Ein Bevollmächtigter vertritt höchstens ein Mitglied.',
    other: 'Ein Bevollmächtigter vertritt höchstens {count} Mitglieder.',
  },
  proxyDeadline: 'Vollmachten werden bis {deadline} angenommen.',
  issued: 'Einberufen am {date}',
  page: 'Seite',
  of: 'von',
  csv: {
    header: [
      'Mitgliedsnummer',
      'Anrede',
      'Vorname',
      'Nachname',
      'E-Mail',
      'Sprache',
      'Versammlung',
      'Datum und Uhrzeit',
      'Versammlungscode',
      'Anmeldelink',
    ],
    salutationPerson: 'Guten Tag {name},',
    salutationOrganisation: 'Sehr geehrte Damen und Herren,',
    language: 'Deutsch',
  },
};

type Texts = typeof DE;

const EN: Texts = {
  title: 'Invitation to the general assembly',
  seat: 'Registered seat',
  intro: 'We hereby invite you to the general assembly.',
  assembly: 'Assembly',
  when: 'Date and time',
  place: 'Place',
  form: 'Form',
  forms: {
    in_person: 'assembly in person',
    virtual: 'virtual assembly',
    hybrid: 'hybrid assembly (in the room and online)',
    extended: 'extended procedure',
  },
  online: 'Take part online',
  code: 'Assembly code',
  access: 'Access details',
  accessNote: 'You receive your personal access code separately; log in with it at the link above.',
  agenda: 'Agenda',
  item: 'Item',
  proposer: 'Motion by',
  notice: 'About this notice',
  noticeLine: 'This invitation is deemed received on {date}; it is sent {channel}.',
  channels: {
    text_form_to_each_member: 'in text form (letter or email) to each member',
    statute_public_paper: 'by notice in the paper named in the statute',
    website_only: 'on the website only',
    bundesanzeiger_only: 'in the Federal Gazette only',
  },
  proxies: 'Representation by proxy',
  proxyNone: 'The statute does not allow representation by proxy.',
  proxyForm: {
    text: 'Members may be represented; the proxy must be given in text form (e.g. email).',
    written: 'Members may be represented; the proxy must be given in writing (signed by hand).',
  },
  proxyHolders: {
    members_only: 'A proxy holder must be a member of the cooperative.',
    members_spouses_relatives: 'Members, and the spouses and relatives of members, may hold a proxy.',
  },
  proxyMax: {
    one: 'A proxy holder represents at most one member.',
    other: 'A proxy holder represents at most {count} members.',
  },
  proxyDeadline: 'Proxies are accepted until {deadline}.',
  issued: 'Convened on {date}',
  page: 'Page',
  of: 'of',
  csv: {
    header: [
      'Member number',
      'Salutation',
      'Given name',
      'Family name',
      'Email',
      'Language',
      'Assembly',
      'Date and time',
      'Assembly code',
      'Login link',
    ],
    salutationPerson: 'Dear {name},',
    salutationOrganisation: 'Dear Sir or Madam,',
    language: 'English',
  },
};

export function invitationText(lang: Lang): Texts {
  return lang === 'de' ? DE : EN;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}
