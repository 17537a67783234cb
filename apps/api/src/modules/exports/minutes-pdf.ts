import { existsSync } from 'node:fs';
import { motionTextLines } from '@plenum/domain';
import PDFDocument from 'pdfkit';
import type { MinutesItem, MinutesModel, MinutesPoll } from './minutes-model.ts';
import { channelLines, fileSize, text } from './minutes-text.ts';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONTS = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', mono: 'DejaVuSansMono.ttf' };
const M = 56; // 2 cm margins on A4

export type Doc = PDFKit.PDFDocument;
/** The page margin (2 cm), for other PDFs laid out like the minutes. */
export const PDF_MARGIN = M;

/**
 * The minutes as an A4 PDF (R27, R28). With DejaVu installed (fonts-dejavu-core) the fonts are
 * embedded and the file is PDF/A-3b, fit for archiving the Niederschrift; otherwise it falls back
 * to the standard fonts (WinAnsi covers German umlauts) and is plain PDF 1.7.
 */
export function minutesPdf(m: MinutesModel): Promise<Buffer> {
  const t = text(m.lang);
  const { doc, font, done } = openPdf(m.lang, `${t.title} – ${m.title}`);
  render(doc, m, font);
  footer(doc, m, font);
  doc.end();
  return done;
}

/**
 * An A4 document with the minutes' margins and fonts, shared with the other PDFs (the invitation):
 * `done` resolves with the bytes after `doc.end()`. A fixed `created` date (the info dictionary's
 * CreationDate, from which PDFKit also derives the file id) makes the same content give the same bytes.
 */
export function openPdf(
  lang: 'de' | 'en',
  title: string,
  created?: Date,
): { doc: Doc; font: Font; done: Promise<Buffer> } {
  const embedded = Object.values(FONTS).every((f) => existsSync(`${FONT_DIR}/${f}`));
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: M, bottom: M + 14, left: M, right: M },
    bufferPages: true,
    pdfVersion: '1.7',
    lang: lang === 'de' ? 'de-DE' : 'en-GB',
    info: {
      Title: title,
      Creator: 'Plenum',
      Producer: 'Plenum',
      ...(created ? { CreationDate: created, ModDate: created } : {}),
    },
    ...(embedded ? { subset: 'PDF/A-3b' as const, tagged: true } : {}),
  });
  const font: Font = (name) =>
    embedded
      ? doc.font(`${FONT_DIR}/${FONTS[name]}`)
      : doc.font(name === 'bold' ? 'Helvetica-Bold' : name === 'mono' ? 'Courier' : 'Helvetica');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  return { doc, font, done };
}

export type Font = (name: keyof typeof FONTS) => Doc;

function render(doc: Doc, m: MinutesModel, font: Font): void {
  const t = text(m.lang);
  font('bold').fontSize(18).text(t.title);
  font('regular').fontSize(12).text(`${t.assembly}: ${m.title}`).moveDown(0.8);
  if (!m.final)
    font('bold')
      .fontSize(11)
      .text(`${t.draft} ${m.findings.join(' ')}`)
      .moveDown(0.6);
  const facts: [string, string][] = [
    [t.place, m.placeIsSeat ? `${m.place} ${t.seatNote}` : m.place],
    [t.date, m.date],
    [t.begin, m.begin],
    [t.form, m.form],
    [t.chair, m.chair],
    [t.convening, m.convening],
  ];
  for (const [k, v] of facts) keyValue(doc, font, k, v);
  heading(doc, font, t.attendance);
  font('regular')
    .fontSize(10.5)
    .text(
      `${t.present}: ${m.attendance.present} (${t.inRoom} ${m.attendance.room}, ${t.online} ${m.attendance.online}); ${t.represented}: ${m.attendance.represented}`,
    );
  heading(doc, font, t.items);
  for (const item of m.items) {
    ensure(doc, 80);
    font('bold').fontSize(11.5).text(`${t.item} ${item.position}: ${item.title}`).moveDown(0.2);
    if (item.proposer) font('regular').fontSize(10).text(`${t.proposer}: ${item.proposer}`).moveDown(0.2);
    for (const line of motionTextLines(item.body)) font('regular').fontSize(10).text(line).moveDown(0.2);
    if (item.documents.length)
      font('regular')
        .fontSize(10)
        .text(
          `${t.documents}: ${item.documents.map((d) => `${d.filename} (${fileSize(d.size, m.lang)}, sha256 ${d.sha256})`).join('; ')}`,
        )
        .moveDown(0.2);
    for (const c of item.candidates.filter((x) => x.statement))
      font('regular').fontSize(10).text(`${c.name}: ${c.statement}`).moveDown(0.2);
    if (item.speakers.length) {
      font('regular')
        .fontSize(10)
        .text(`${t.speakers}: ${item.speakers.map((name, i) => `${i + 1}. ${name}`).join('; ')}`)
        .moveDown(0.2);
    }
    floorMotions(doc, m, font, item);
    if (item.polls.length === 0)
      font('regular')
        .fontSize(10)
        .text(item.mainMotionLapsed ? t.floor.mainLapsed : t.notVoted);
    for (const p of item.polls) poll(doc, m, font, p);
    doc.moveDown(0.6);
  }
  heading(doc, font, t.otherObjections);
  font('regular')
    .fontSize(10)
    .text(m.objections.length ? m.objections.map((o) => `• ${o}`).join('\n') : t.noObjections);
  integrity(doc, m, font);
  signatures(doc, m, font);
  if (m.attendanceListRequired) annex(doc, m, font);
}

/** The item's motions from the floor, voted ones in voting order, each with its vote and result. */
function floorMotions(doc: Doc, m: MinutesModel, font: Font, item: MinutesItem): void {
  if (item.floorMotions.length === 0) return;
  const t = text(m.lang).floor;
  ensure(doc, 60);
  font('bold').fontSize(10.5).text(t.heading).moveDown(0.2);
  item.floorMotions.forEach((f, i) => {
    ensure(doc, 60);
    const vote = f.voteNo === null ? '' : ` · ${t.vote.replace('{n}', String(f.voteNo))}`;
    font('bold')
      .fontSize(10)
      .text(`${i + 1}. ${f.kind}${vote} (${t.movedBy} ${f.mover})`);
    font('regular')
      .fontSize(10)
      .text(f.text === '' ? t.noText : f.text)
      .text(f.decision);
    if (f.poll) poll(doc, m, font, f.poll);
    if (f.result) font('bold').fontSize(10).text(f.result);
    if (f.amendedText !== null) font('regular').fontSize(10).text(`${t.amended}: ${f.amendedText}`);
    doc.moveDown(0.3);
  });
}

function poll(doc: Doc, m: MinutesModel, font: Font, p: MinutesPoll): void {
  const t = text(m.lang);
  ensure(doc, 90);
  if (p.amendedText !== null)
    font('regular').fontSize(10).text(`${t.floor.votedAmended}: ${p.amendedText}`).moveDown(0.2);
  font('regular')
    .fontSize(10)
    .text(
      `${p.round > 1 ? `${t.round} ${p.round} · ` : ''}${t.method}: ${p.method} · ${t.threshold}: ${p.threshold}`,
    );
  if (p.excluded.length)
    doc.text(`${t.excluded}: ${p.excluded.map((x) => `${x.name} – ${x.reason}`).join('; ')}`);
  doc.moveDown(0.2);
  if (p.counts) {
    const c = p.counts;
    table(
      doc,
      font,
      [t.yes, t.no, t.abstain, t.invalid, t.excludedVotes, t.ballots],
      [[c.yes, c.no, c.abstain, c.invalid, p.excludedVotes, p.ballots].map(String)],
      [1, 1, 1.4, 1.1, 2.4, 1.6],
    );
  } else if (p.candidateVotes.length) {
    const rows = p.candidateVotes.map((v) => [
      v.name,
      String(v.votes),
      v.elected ? t.elected + (v.byLot ? ` (${t.byLot})` : '') : '',
    ]);
    table(doc, font, [t.name, t.result, ''], rows, [3, 1, 1.6]);
    if (p.runoff.length)
      font('regular')
        .fontSize(10)
        .text(`${t.runoff}: ${p.runoff.join(', ')}`);
  }
  const lines = channelLines(m.lang, p);
  if (lines.length) {
    font('regular').fontSize(10).text(`${t.hall.counts}:`);
    for (const line of lines) doc.text(`• ${line}`, { indent: 10 });
  }
  if (p.secretRequest) font('regular').fontSize(10).text(p.secretRequest);
  if (p.participation.length) {
    font('regular').fontSize(10).text(`${t.hall.participation}:`);
    for (const x of p.participation)
      font('regular')
        .fontSize(9)
        .text(`• ${x.channel} (${x.count}): ${x.members.join(', ')}`, { indent: 10 });
    font('regular').fontSize(10);
  }
  if (p.lotText) {
    font('bold').fontSize(10).text(`${t.lot}: `, { continued: true });
    font('regular').text(p.lotText);
  }
  font('bold').fontSize(10).text(`${t.result}: `, { continued: true });
  font('regular').text(p.resultText);
  font('bold').text(`${t.declaration}: `, { continued: true });
  font('regular').text(
    p.declarationText + (p.deviationReason ? ` (${t.deviation}: ${p.deviationReason})` : ''),
  );
  if (p.declaredHead) {
    font('regular').fontSize(9).text(`${t.declaredHead}: seq ${p.declaredHead.seq}`);
    font('mono').fontSize(8).text(p.declaredHead.hash);
    font('regular').fontSize(10);
  }
  if (p.objections.length) doc.text(`${t.objections}: ${p.objections.join('; ')}`);
  doc.moveDown(0.4);
}

function integrity(doc: Doc, m: MinutesModel, font: Font): void {
  const t = text(m.lang);
  heading(doc, font, t.integrity);
  font('regular').fontSize(10).text(`${t.head}: seq ${m.head.seq}`);
  font('mono').fontSize(9).text(m.head.hash);
  font('regular').fontSize(10).text(`${t.fingerprint}:`);
  font('mono').fontSize(9).text(m.fingerprint);
  font('regular').fontSize(10).text(t.verifyNote);
}

function signatures(doc: Doc, m: MinutesModel, font: Font): void {
  const t = text(m.lang);
  ensure(doc, 170);
  heading(doc, font, t.signatures);
  const w = (doc.page.width - 2 * M - 40) / 2;
  for (const labels of [
    [t.placeDate, t.placeDate],
    [t.signChair, t.signBoard],
  ]) {
    const y = doc.y + 44;
    labels.forEach((label, i) => {
      const x = M + i * (w + 40);
      doc
        .moveTo(x, y)
        .lineTo(x + w, y)
        .lineWidth(0.7)
        .stroke();
      font('regular')
        .fontSize(9.5)
        .text(label as string, x, y + 4, { width: w });
    });
    doc.x = M;
    doc.y = y + 20;
  }
}

function annex(doc: Doc, m: MinutesModel, font: Font): void {
  const t = text(m.lang);
  doc.addPage();
  font('bold').fontSize(13).text(t.annex).moveDown(0.4);
  table(
    doc,
    font,
    [t.memberNumber, t.name, t.presence, t.via],
    m.attendanceList.map((a) => [a.memberNumber, a.name, a.presence, a.via]),
    [1.1, 2.4, 1, 2.4],
  );
}

export function heading(doc: Doc, font: Font, label: string): void {
  ensure(doc, 60);
  doc.moveDown(0.8);
  font('bold').fontSize(13).text(label, M);
  const y = doc.y + 1;
  doc
    .moveTo(M, y)
    .lineTo(doc.page.width - M, y)
    .lineWidth(0.5)
    .stroke('#888888')
    .strokeColor('#000000');
  doc.moveDown(0.4);
}

export function keyValue(doc: Doc, font: Font, key: string, value: string): void {
  const y = doc.y;
  font('bold').fontSize(10.5).text(key, M, y, { width: 150 });
  font('regular').text(value, M + 155, y, { width: doc.page.width - 2 * M - 155 });
  doc.x = M;
}

/** A simple grid table; rows move to the next page whole, the header is repeated there. */
function table(doc: Doc, font: Font, header: string[], rows: string[][], weights: number[]): void {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => ((doc.page.width - 2 * M) * w) / total);
  const draw = (cells: string[], bold: boolean) => {
    font(bold ? 'bold' : 'regular').fontSize(9);
    const h =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] as number) - 8 }))) + 6;
    if (doc.y + h > doc.page.height - M - 14) {
      doc.addPage();
      if (!bold) draw(header, true);
      font(bold ? 'bold' : 'regular').fontSize(9);
    }
    const y = doc.y;
    let x = M;
    cells.forEach((c, i) => {
      const w = widths[i] as number;
      if (bold) doc.rect(x, y, w, h).fillAndStroke('#eeeeee', '#bbbbbb').fillColor('#000000');
      else doc.rect(x, y, w, h).lineWidth(0.5).stroke('#bbbbbb');
      doc.fillColor('#000000').text(c, x + 4, y + 3, { width: w - 8 });
      x += w;
    });
    doc.x = M;
    doc.y = y + h;
  };
  draw(header, true);
  for (const r of rows) draw(r, false);
  doc.moveDown(0.4);
}

export function ensure(doc: Doc, space: number): void {
  if (doc.y + space > doc.page.height - M - 14) doc.addPage();
}

/** "Seite n von N" and the ledger head on every page (bufferPages lets us count first). */
function footer(doc: Doc, m: MinutesModel, font: Font): void {
  const t = text(m.lang);
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    font('regular').fontSize(8).fillColor('#555555');
    doc.text(`${t.title} · ${t.head}: ${m.head.hash.slice(0, 16)}…`, M, doc.page.height - M + 6, {
      width: 380,
      lineBreak: false,
    });
    doc.text(`${t.page} ${i + 1} ${t.of} ${range.count}`, doc.page.width - M - 100, doc.page.height - M + 6, {
      width: 100,
      align: 'right',
      lineBreak: false,
    });
    doc.fillColor('#000000');
    doc.page.margins.bottom = bottom;
  }
}
