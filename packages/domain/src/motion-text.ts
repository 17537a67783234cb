/**
 * The motion text of an agenda item: a deliberately small markup, so that what members read on
 * the ballot, the projector and the minutes is the text the board proposed, with its structure,
 * and never markup a browser would run.
 *
 * - Paragraphs are separated by a blank line; lines of one paragraph are joined by a space.
 * - A line starting with `- ` or `* ` is an item of a bulleted list, one starting with `1. ` or
 *   `1) ` an item of a numbered list (the first number is where the list starts). An indented
 *   line right after an item continues it.
 * - `**bold**` marks bold text within a line. Nothing else is markup: `<`, `&` and every other
 *   character are text, to be escaped by whoever renders it.
 */
export type MotionInline = { readonly kind: 'text' | 'strong'; readonly text: string };
export type MotionBlock =
  | { readonly kind: 'paragraph'; readonly content: readonly MotionInline[] }
  | {
      readonly kind: 'list';
      readonly ordered: boolean;
      readonly start: number;
      readonly items: readonly (readonly MotionInline[])[];
    };

const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,6})[.)]\s+(.*)$/;

/** `**bold**` spans of one line; an unpaired `**` stays text. Empty spans are dropped. */
export function parseInline(line: string): MotionInline[] {
  const out: MotionInline[] = [];
  const parts = line.split('**');
  // An odd number of markers leaves the last one unpaired: it is joined back as text.
  const pairs = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2)}**${parts.at(-1)}`];
  pairs.forEach((text, i) => {
    if (text === '') return;
    const kind = i % 2 === 1 ? 'strong' : 'text';
    const last = out.at(-1);
    if (last && last.kind === kind) out[out.length - 1] = { kind, text: last.text + text };
    else out.push({ kind, text });
  });
  return out;
}

type Item = { ordered: boolean; start: number; lines: string[] };

/** Parses a motion text into paragraphs and lists (see above). Never throws. */
export function parseMotionText(source: string): MotionBlock[] {
  const blocks: MotionBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[][] } | null = null;
  const flushParagraph = () => {
    const text = paragraph.join(' ').trim();
    if (text !== '') blocks.push({ kind: 'paragraph', content: parseInline(text) });
    paragraph = [];
  };
  const flushList = () => {
    if (list !== null)
      blocks.push({
        kind: 'list',
        ordered: list.ordered,
        start: list.start,
        items: list.items.map((lines) => parseInline(lines.join(' ').trim())),
      });
    list = null;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const item = listItem(line);
    if (item !== null) {
      flushParagraph();
      const current = list as { ordered: boolean; start: number; items: string[][] } | null;
      if (current === null || current.ordered !== item.ordered) {
        flushList();
        list = { ordered: item.ordered, start: item.start, items: [item.lines] };
      } else current.items.push(item.lines);
      continue;
    }
    const current = list as { items: string[][] } | null;
    if (current !== null && /^\s/.test(line)) {
      current.items.at(-1)?.push(line.trim());
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return blocks;
}

function listItem(line: string): Item | null {
  const numbered = NUMBERED.exec(line);
  if (numbered) return { ordered: true, start: Number(numbered[1]), lines: [numbered[2] ?? ''] };
  const bullet = BULLET.exec(line);
  if (bullet) return { ordered: false, start: 1, lines: [bullet[1] ?? ''] };
  return null;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** The only tags `motionTextHtml` ever writes. */
export const MOTION_TEXT_TAGS = ['p', 'ul', 'ol', 'li', 'strong'] as const;

const inlineHtml = (content: readonly MotionInline[]) =>
  content
    .map((i) => (i.kind === 'strong' ? `<strong>${escapeHtml(i.text)}</strong>` : escapeHtml(i.text)))
    .join('');

/** The blocks as HTML: only the tags of MOTION_TEXT_TAGS, every text escaped. */
export function motionTextHtml(blocks: readonly MotionBlock[]): string {
  return blocks
    .map((b) => {
      if (b.kind === 'paragraph') return `<p>${inlineHtml(b.content)}</p>`;
      const tag = b.ordered ? 'ol' : 'ul';
      const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
      return `<${tag}${start}>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</${tag}>`;
    })
    .join('');
}

/** The blocks as plain lines (for PDF and text): lists with "•" or their number, bold as text. */
export function motionTextLines(blocks: readonly MotionBlock[]): string[] {
  const plain = (content: readonly MotionInline[]) => content.map((i) => i.text).join('');
  return blocks.flatMap((b) =>
    b.kind === 'paragraph'
      ? [plain(b.content)]
      : b.items.map((item, n) => `${b.ordered ? `${b.start + n}.` : '•'} ${plain(item)}`),
  );
}
