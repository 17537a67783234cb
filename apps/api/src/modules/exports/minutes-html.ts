import { motionTextHtml } from '@plenum/domain';
import type { MinutesItem, MinutesModel, MinutesPoll } from './minutes-model.ts';
import { channelLines, fileSize, text } from './minutes-text.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value that reaches the page goes through here: names and texts come from users. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const CSS = `
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;font-size:11pt;line-height:1.4;max-width:48em;margin:2em auto;color:#111}
h1{font-size:18pt;margin:0 0 .2em}h2{font-size:13pt;margin:1.6em 0 .4em;border-bottom:1px solid #999}
h3{font-size:11.5pt;margin:1.2em 0 .3em}table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border:1px solid #bbb;padding:.2em .4em;text-align:left;vertical-align:top}th{background:#eee}
td.n{text-align:right}dl{display:grid;grid-template-columns:12em 1fr;gap:.2em 1em}dt{font-weight:bold}
.draft{border:2px solid #8a4500;padding:.4em .6em}.hash{font-family:"DejaVu Sans Mono",monospace;font-size:9pt;word-break:break-all}
.sign{display:grid;grid-template-columns:1fr 1fr;gap:3em;margin-top:3em}.sign div{border-top:1px solid #000;padding-top:.3em}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,.sign{break-inside:avoid}.annex{break-before:page}}
`;

/** The minutes as a standalone, printable HTML page (R27, R28; §47 GenG). */
export function minutesHtml(m: MinutesModel): string {
  const t = text(m.lang);
  const body = [
    `<h1>${esc(t.title)}</h1><p>${esc(t.assembly)}: ${esc(m.title)}</p>`,
    m.final ? '' : `<p class="draft"><strong>${esc(t.draft)}</strong> ${m.findings.map(esc).join(' ')}</p>`,
    `<dl><dt>${esc(t.place)}</dt><dd>${esc(m.place)}${m.placeIsSeat ? ` ${esc(t.seatNote)}` : ''}</dd>`,
    `<dt>${esc(t.date)}</dt><dd>${esc(m.date)}</dd><dt>${esc(t.begin)}</dt><dd>${esc(m.begin)}</dd>`,
    `<dt>${esc(t.form)}</dt><dd>${esc(m.form)}</dd><dt>${esc(t.chair)}</dt><dd>${esc(m.chair)}</dd>`,
    `<dt>${esc(t.convening)}</dt><dd>${esc(m.convening)}</dd></dl>`,
    `<h2>${esc(t.attendance)}</h2><p>${esc(t.present)}: ${m.attendance.present} (${esc(t.inRoom)} ${m.attendance.room}, ${esc(t.online)} ${m.attendance.online}); ${esc(t.represented)}: ${m.attendance.represented}</p>`,
    `<h2>${esc(t.items)}</h2>`,
    ...m.items.map(
      (item) =>
        `<h3>${esc(t.item)} ${item.position}: ${esc(item.title)}</h3>${itemTextHtml(item, m)}${
          item.speakers.length
            ? `<p>${esc(t.speakers)}:</p><ol class="speakers">${item.speakers.map((name) => `<li>${esc(name)}</li>`).join('')}</ol>`
            : ''
        }${floorMotionsHtml(item, m)}${
          item.polls.length === 0
            ? `<p>${esc(item.mainMotionLapsed ? t.floor.mainLapsed : t.notVoted)}</p>`
            : item.polls.map((p) => pollHtml(p, m)).join('')
        }`,
    ),
    `<h2>${esc(t.otherObjections)}</h2>`,
    m.objections.length
      ? `<ul>${m.objections.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>`
      : `<p>${esc(t.noObjections)}</p>`,
    `<h2>${esc(t.integrity)}</h2><dl><dt>${esc(t.head)}</dt><dd>seq ${m.head.seq}<br><span class="hash">${esc(m.head.hash)}</span></dd>`,
    `<dt>${esc(t.fingerprint)}</dt><dd class="hash">${esc(m.fingerprint)}</dd></dl><p>${esc(t.verifyNote)}</p>`,
    `<h2>${esc(t.signatures)}</h2><div class="sign"><div>${esc(t.placeDate)}</div><div>${esc(t.placeDate)}</div>`,
    `<div>${esc(t.signChair)}</div><div>${esc(t.signBoard)}</div></div>`,
    m.attendanceListRequired ? annexHtml(m) : '',
  ].join('\n');
  return `<!doctype html>\n<html lang="${m.lang}"><head><meta charset="utf-8"><title>${esc(t.title)} – ${esc(m.title)}</title><style>${CSS}</style></head><body>\n${body}\n</body></html>\n`;
}

/** The item's motions from the floor, voted ones in voting order, each with its vote and result. */
function floorMotionsHtml(item: MinutesItem, m: MinutesModel): string {
  if (item.floorMotions.length === 0) return '';
  const t = text(m.lang).floor;
  const entries = item.floorMotions.map(
    (f) =>
      `<li><p><strong>${esc(f.kind)}</strong>${f.voteNo === null ? '' : ` · ${esc(t.vote.replace('{n}', String(f.voteNo)))}`} (${esc(t.movedBy)} ${esc(f.mover)})</p>` +
      `<p>${f.text === '' ? esc(t.noText) : esc(f.text)}</p><p>${esc(f.decision)}</p>` +
      (f.poll ? pollHtml(f.poll, m) : '') +
      (f.result ? `<p><strong>${esc(f.result)}</strong></p>` : '') +
      (f.amendedText === null
        ? ''
        : `<p>${esc(t.amended)}:</p><blockquote>${esc(f.amendedText)}</blockquote>`) +
      '</li>',
  );
  return `<h4>${esc(t.heading)}</h4><ol class="floor">${entries.join('')}</ol>`;
}

/** Proposer, motion text (escaped by its renderer), documents with their hash, candidates. */
function itemTextHtml(item: MinutesItem, m: MinutesModel): string {
  const t = text(m.lang);
  const parts: string[] = [];
  if (item.proposer) parts.push(`<p><strong>${esc(t.proposer)}:</strong> ${esc(item.proposer)}</p>`);
  parts.push(motionTextHtml(item.body));
  if (item.documents.length)
    parts.push(
      `<p>${esc(t.documents)}:</p><ul>${item.documents
        .map(
          (d) =>
            `<li>${esc(d.filename)} (${esc(fileSize(d.size, m.lang))}) <span class="hash">sha256 ${esc(d.sha256)}</span></li>`,
        )
        .join('')}</ul>`,
    );
  if (item.candidates.some((c) => c.statement))
    parts.push(
      `<p>${esc(t.candidates)}:</p><ul>${item.candidates
        .map((c) => `<li><strong>${esc(c.name)}</strong>${c.statement ? `: ${esc(c.statement)}` : ''}</li>`)
        .join('')}</ul>`,
    );
  return parts.join('');
}

function pollHtml(p: MinutesPoll, m: MinutesModel): string {
  const t = text(m.lang);
  const rows: string[] = [];
  if (p.amendedText !== null)
    rows.push(`<p>${esc(t.floor.votedAmended)}:</p><blockquote>${esc(p.amendedText)}</blockquote>`);
  rows.push(
    `<p>${p.round > 1 ? `${esc(t.round)} ${p.round} · ` : ''}${esc(t.method)}: ${esc(p.method)} · ${esc(t.threshold)}: ${esc(p.threshold)}</p>`,
  );
  if (p.excluded.length)
    rows.push(
      `<p>${esc(t.excluded)}: ${p.excluded.map((x) => `${esc(x.name)} – ${esc(x.reason)}`).join('; ')}</p>`,
    );
  if (p.counts) {
    const c = p.counts;
    rows.push(
      `<table><tr><th>${esc(t.yes)}</th><th>${esc(t.no)}</th><th>${esc(t.abstain)}</th><th>${esc(t.invalid)}</th><th>${esc(t.excludedVotes)}</th><th>${esc(t.ballots)}</th></tr>` +
        `<tr><td class="n">${c.yes}</td><td class="n">${c.no}</td><td class="n">${c.abstain}</td><td class="n">${c.invalid}</td><td class="n">${p.excludedVotes}</td><td class="n">${p.ballots}</td></tr></table>`,
    );
  } else if (p.candidateVotes.length) {
    rows.push(
      `<table><tr><th>${esc(t.name)}</th><th>${esc(t.result)}</th><th></th></tr>${p.candidateVotes
        .map(
          (v) =>
            `<tr><td>${esc(v.name)}</td><td class="n">${v.votes}</td><td>${v.elected ? esc(t.elected) + (v.byLot ? ` (${esc(t.byLot)})` : '') : ''}</td></tr>`,
        )
        .join('')}</table>`,
    );
    if (p.runoff.length) rows.push(`<p>${esc(t.runoff)}: ${p.runoff.map(esc).join(', ')}</p>`);
  }
  const lines = channelLines(m.lang, p);
  if (lines.length)
    rows.push(`<p>${esc(t.hall.counts)}:</p><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  if (p.secretRequest) rows.push(`<p>${esc(p.secretRequest)}</p>`);
  if (p.participation.length)
    rows.push(
      `<p>${esc(t.hall.participation)}:</p><ul>${p.participation
        .map((x) => `<li>${esc(x.channel)} (${x.count}): ${x.members.map(esc).join(', ')}</li>`)
        .join('')}</ul>`,
    );
  if (p.lotText) rows.push(`<p class="lot"><strong>${esc(t.lot)}:</strong> ${esc(p.lotText)}</p>`);
  rows.push(`<p><strong>${esc(t.result)}:</strong> ${esc(p.resultText)}</p>`);
  rows.push(
    `<p><strong>${esc(t.declaration)}:</strong> ${esc(p.declarationText)}${p.deviationReason ? ` (${esc(t.deviation)}: ${esc(p.deviationReason)})` : ''}</p>`,
  );
  if (p.declaredHead)
    rows.push(
      `<p>${esc(t.declaredHead)}: seq ${p.declaredHead.seq} <span class="hash">${esc(p.declaredHead.hash)}</span></p>`,
    );
  if (p.objections.length) rows.push(`<p>${esc(t.objections)}: ${p.objections.map(esc).join('; ')}</p>`);
  return rows.join('');
}

function annexHtml(m: MinutesModel): string {
  const t = text(m.lang);
  return `<section class="annex"><h2>${esc(t.annex)}</h2><table><tr><th>${esc(t.memberNumber)}</th><th>${esc(t.name)}</th><th>${esc(t.presence)}</th><th>${esc(t.via)}</th></tr>${m.attendanceList
    .map(
      (a) =>
        `<tr><td>${esc(a.memberNumber)}</td><td>${esc(a.name)}</td><td>${esc(a.presence)}</td><td>${esc(a.via)}</td></tr>`,
    )
    .join('')}</table></section>`;
}
