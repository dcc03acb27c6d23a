import { expect, it } from 'vitest';
import { formatLine, toHtml } from './whatsapp-format.js';

it('reads WhatsApp’s markup as WhatsApp does', () => {
  expect(formatLine('*Achtung:* heute _nicht_ ~morgen~')).toEqual([
    { text: 'Achtung:', bold: true },
    { text: ' heute ' },
    { text: 'nicht', italic: true },
    { text: ' ' },
    { text: 'morgen', strike: true },
  ]);
  expect(formatLine('a*b*c and * not * and 2*3*4')).toEqual([{ text: 'a*b*c and * not * and 2*3*4' }]);
  expect(formatLine('*fett mit _kursiv_*')).toEqual([{ text: 'fett mit ', bold: true }, { text: 'kursiv', bold: true, italic: true }]);
  expect(formatLine('Mehr: https://www.kempen.de/abfall.')).toEqual([{ text: 'Mehr: ' }, { text: 'https://www.kempen.de/abfall', href: 'https://www.kempen.de/abfall' }, { text: '.' }]);
});

it('escapes everything it renders as HTML', () => {
  expect(toHtml('<script>alert(1)</script>\n*"fett"*')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;<br>\n<strong>&quot;fett&quot;</strong>');
  expect(toHtml('https://x.example/?a=<b>')).toBe('<a href="https://x.example/?a=" rel="noopener nofollow">https://x.example/?a=</a>&lt;b&gt;');
});
