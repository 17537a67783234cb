import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { motionTextHtml, motionTextLines, parseMotionText } from '../src/motion-text.ts';

describe('motion text markup', () => {
  it('given paragraphs, lists and bold, when parsed, then the blocks follow the text', () => {
    const text = 'Vorschlag:\r\n\r\n1) Rücklage\n2) Vortrag\n\n* erstens\n- zweitens\nSchluss **fett**';
    expect(motionTextLines(parseMotionText(text))).toEqual([
      'Vorschlag:',
      '1. Rücklage',
      '2. Vortrag',
      '• erstens',
      '• zweitens',
      'Schluss fett',
    ]);
    expect(motionTextHtml(parseMotionText('- a\n1. b'))).toBe('<ul><li>a</li></ul><ol><li>b</li></ol>');
    expect(parseMotionText('   \n\n  ')).toEqual([]);
    expect(motionTextHtml(parseMotionText('**a** **b**'))).toBe(
      '<p><strong>a</strong> <strong>b</strong></p>',
    );
    expect(motionTextHtml(parseMotionText('a**b**c**d'))).toBe('<p>a<strong>b</strong>c**d</p>');
  });

  it('property: parsing never throws and the HTML has only the five tags, every text escaped', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const html = motionTextHtml(parseMotionText(text));
        expect(html.replace(/<\/?(p|ul|ol|li|strong)( start="\d+")?>/g, '')).not.toMatch(/[<>]/);
      }),
    );
  });
});
