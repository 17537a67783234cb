import { MOTION_TEXT_TAGS, motionTextHtml, parseMotionText } from '@plenum/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The motion text renderer of the ballot, the review step and the projector (MotionText.svelte
// renders these blocks as Svelte nodes; the minutes write them with motionTextHtml).

/** Every tag name in an HTML string, opening or closing. */
const tagsOf = (html: string) => [...html.matchAll(/<\/?([^\s>/]+)/g)].map((m) => m[1]?.toLowerCase());
/** The HTML with the allowed tags removed: what is left must be text (no "<" at all). */
const withoutAllowedTags = (html: string) => html.replace(/<\/?(p|ul|ol|li|strong)( start="\d+")?>/g, '');

describe('motion text', () => {
  it('reads paragraphs, bulleted and numbered lists and bold text', () => {
    const blocks = parseMotionText(
      'Vorstand und Aufsichtsrat schlagen vor,\nden **Jahresabschluss** festzustellen.\n\n- Bilanzsumme\n- Jahresüberschuss\n\n3. Vortrag\n4. Rücklage',
    );
    expect(blocks).toEqual([
      {
        kind: 'paragraph',
        content: [
          { kind: 'text', text: 'Vorstand und Aufsichtsrat schlagen vor, den ' },
          { kind: 'strong', text: 'Jahresabschluss' },
          { kind: 'text', text: ' festzustellen.' },
        ],
      },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [[{ kind: 'text', text: 'Bilanzsumme' }], [{ kind: 'text', text: 'Jahresüberschuss' }]],
      },
      {
        kind: 'list',
        ordered: true,
        start: 3,
        items: [[{ kind: 'text', text: 'Vortrag' }], [{ kind: 'text', text: 'Rücklage' }]],
      },
    ]);
    expect(motionTextHtml(blocks)).toBe(
      '<p>Vorstand und Aufsichtsrat schlagen vor, den <strong>Jahresabschluss</strong> festzustellen.</p>' +
        '<ul><li>Bilanzsumme</li><li>Jahresüberschuss</li></ul><ol start="3"><li>Vortrag</li><li>Rücklage</li></ol>',
    );
  });

  it('an unpaired ** stays text; an indented line continues a list item', () => {
    expect(motionTextHtml(parseMotionText('2 ** 3 = 8'))).toBe('<p>2 ** 3 = 8</p>');
    expect(motionTextHtml(parseMotionText('- erster Punkt,\n  fortgesetzt\nneuer Absatz'))).toBe(
      '<ul><li>erster Punkt, fortgesetzt</li></ul><p>neuer Absatz</p>',
    );
  });

  it('script and HTML in a motion text are text, escaped, never markup', () => {
    const attack =
      '<script>alert(1)</script>\n\n- <img src=x onerror="alert(2)">\n\n**<b>fett</b>** & <a href="javascript:alert(3)">x</a>';
    const blocks = parseMotionText(attack);
    // Every piece of the text is a text node: Svelte escapes them, as the HTML writer does.
    const texts = blocks
      .flatMap((b) => (b.kind === 'paragraph' ? b.content : b.items.flat()))
      .map((i) => i.text);
    expect(texts.join(' ')).toContain('<script>alert(1)</script>');
    const html = motionTextHtml(blocks);
    expect(html).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>' +
        '<ul><li>&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</li></ul>' +
        '<p><strong>&lt;b&gt;fett&lt;/b&gt;</strong> &amp; &lt;a href=&quot;javascript:alert(3)&quot;&gt;x&lt;/a&gt;</p>',
    );
    expect(tagsOf(html).every((tag) => (MOTION_TEXT_TAGS as readonly string[]).includes(tag ?? ''))).toBe(
      true,
    );
  });

  it('property: rendering any text never produces a tag outside p, ul, ol, li, strong', () => {
    // Text built from the characters an attacker would use, mixed with arbitrary Unicode.
    const piece = fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '&',
        '"',
        "'",
        '/',
        '*',
        '**',
        '- ',
        '1. ',
        '\n',
        '\n\n',
        '  ',
        '=',
        'script',
        'img',
      ),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const html = motionTextHtml(parseMotionText(pieces.join('')));
        for (const tag of tagsOf(html)) expect(MOTION_TEXT_TAGS).toContain(tag);
        expect(withoutAllowedTags(html)).not.toMatch(/[<>]/);
      }),
      { numRuns: 500 },
    );
  });

  it('property: no character of the text is lost or added (only markup is removed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const blocks = parseMotionText(text);
        const shown = blocks
          .flatMap((b) => (b.kind === 'paragraph' ? b.content : b.items.flat()))
          .map((i) => i.text)
          .join('');
        // Whitespace is reflowed and list markers and ** become structure; every other character stays.
        const significant = (s: string) => s.replace(/\*\*|\s|^\s*[-*]\s|\d+[.)]/gm, '').replace(/[-*]/g, '');
        expect(significant(shown)).toBe(significant(text));
      }),
      { numRuns: 500 },
    );
  });
});
