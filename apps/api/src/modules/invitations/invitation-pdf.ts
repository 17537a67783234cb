import { type AssemblyForm, motionTextLines, parseMotionText, type StatuteConfig } from '@plenum/domain';
import { ensure, heading, keyValue, PDF_MARGIN as M, openPdf } from '../exports/minutes-pdf.ts';
import { formatInstant, type Lang } from '../exports/minutes-text.ts';
import { fill, invitationText } from './invitation-text.ts';

/** What the invitation states, frozen at the convening (the PDF is rendered from this alone). */
export interface InvitationModel {
  lang: Lang;
  cooperative: string | null;
  registeredSeat: string;
  title: string;
  startsAt: string;
  form: AssemblyForm;
  place: string | null;
  /** The assembly's short code; the join link carries it (never a member's access code). */
  code: string;
  joinLink: string;
  accessDetails: string | null;
  invitedOn: string;
  channel: string;
  proxyDeadline: string | null;
  convenedAt: string;
  statute: StatuteConfig;
  items: { position: number; title: string; proposer: string; body: string }[];
}

/** The invitation's words in reading order: what the PDF prints (also what the tests read). */
export interface InvitationContent {
  title: string;
  letterhead: string[];
  intro: string;
  facts: [string, string][];
  accessNote: string | null;
  agendaHeading: string;
  items: { heading: string; proposer: string | null; lines: string[] }[];
  proxiesHeading: string;
  proxyLines: string[];
  noticeHeading: string;
  noticeLine: string;
  footer: string;
}

export function invitationContent(m: InvitationModel): InvitationContent {
  const t = invitationText(m.lang);
  const zone = m.statute.convening.timeZone;
  const online = m.form !== 'in_person';
  const facts: [string, string][] = [
    [t.assembly, m.title],
    [t.when, formatInstant(m.startsAt, m.lang, true, zone)],
    [t.form, t.forms[m.form]],
  ];
  if (m.form !== 'virtual' && m.place) facts.push([t.place, m.place]);
  if (online) {
    facts.push([t.online, m.joinLink]);
    facts.push([t.code, m.code]);
    if (m.accessDetails) facts.push([t.access, m.accessDetails]);
  }
  const p = m.statute.proxies;
  const proxyLines =
    p.maxPrincipalsPerHolder === 0
      ? [t.proxyNone]
      : [
          t.proxyForm[p.form],
          t.proxyHolders[p.eligibleHolders],
          fill(p.maxPrincipalsPerHolder === 1 ? t.proxyMax.one : t.proxyMax.other, {
            count: p.maxPrincipalsPerHolder,
          }),
          ...(m.proxyDeadline
            ? [fill(t.proxyDeadline, { deadline: formatInstant(m.proxyDeadline, m.lang, true, zone) })]
            : []),
        ];
  return {
    title: t.title,
    letterhead: [...(m.cooperative ? [m.cooperative] : []), `${t.seat}: ${m.registeredSeat}`],
    intro: t.intro,
    facts,
    accessNote: online ? t.accessNote : null,
    agendaHeading: t.agenda,
    items: m.items.map((item) => ({
      heading: `${t.item} ${item.position}: ${item.title}`,
      proposer: item.proposer ? `${t.proposer}: ${item.proposer}` : null,
      lines: motionTextLines(parseMotionText(item.body)),
    })),
    proxiesHeading: t.proxies,
    proxyLines,
    noticeHeading: t.notice,
    noticeLine: fill(t.noticeLine, {
      date: formatInstant(`${m.invitedOn}T12:00:00Z`, m.lang, false, 'UTC'),
      channel: t.channels[m.channel] ?? m.channel,
    }),
    footer: `${t.title} · ${fill(t.issued, { date: formatInstant(m.convenedAt, m.lang, false, zone) })}`,
  };
}

/**
 * The invitation with the agenda as an A4 PDF, laid out like the minutes (same fonts, margins,
 * headings). Dates and times are in the statute's time zone; the file's creation date is the
 * convening, so the same model gives the same bytes.
 */
export function invitationPdf(m: InvitationModel): Promise<Buffer> {
  const t = invitationText(m.lang);
  const c = invitationContent(m);
  const { doc, font, done } = openPdf(m.lang, `${c.title} – ${m.title}`, new Date(m.convenedAt));
  c.letterhead.forEach((line, i) => {
    font(i === 0 && m.cooperative ? 'bold' : 'regular')
      .fontSize(i === 0 && m.cooperative ? 12 : 10)
      .text(line);
  });
  doc.moveDown(0.8);
  font('bold').fontSize(18).text(c.title);
  font('regular').fontSize(12).text(m.title).moveDown(0.6);
  font('regular').fontSize(10.5).text(c.intro).moveDown(0.6);
  for (const [k, v] of c.facts) keyValue(doc, font, k, v);
  if (c.accessNote) {
    doc.moveDown(0.5);
    font('regular').fontSize(9.5).text(c.accessNote, M).moveDown(0.2);
  }

  heading(doc, font, c.agendaHeading);
  for (const item of c.items) {
    ensure(doc, 60);
    font('bold').fontSize(11.5).text(item.heading, M).moveDown(0.2);
    if (item.proposer) font('regular').fontSize(10).text(item.proposer).moveDown(0.2);
    for (const line of item.lines) font('regular').fontSize(10).text(line).moveDown(0.2);
    doc.moveDown(0.4);
  }
  heading(doc, font, c.proxiesHeading);
  for (const line of c.proxyLines) font('regular').fontSize(10).text(line).moveDown(0.2);
  heading(doc, font, c.noticeHeading);
  font('regular').fontSize(10).text(c.noticeLine);

  // "Seite n von N" and the convening date on every page.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    font('regular').fontSize(8).fillColor('#555555');
    doc.text(c.footer, M, doc.page.height - M + 6, { width: 380, lineBreak: false });
    doc.text(`${t.page} ${i + 1} ${t.of} ${range.count}`, doc.page.width - M - 100, doc.page.height - M + 6, {
      width: 100,
      align: 'right',
      lineBreak: false,
    });
    doc.fillColor('#000000');
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
