import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('keeps the text and line breaks, drops markup', () => {
    expect(htmlToText('<p><span class="h-card"><a href="https://x/@a">@<span>a</span></a></span> hi &amp; bye</p><p>two<br>lines</p>')).toBe(
      '@a hi & bye\n\ntwo\nlines',
    );
  });

  it('does not let markup through entities or broken tags', () => {
    expect(htmlToText('<script>alert(1)</script>&lt;b&gt;x&#60;/b&#x3e;')).toBe('alert(1)<b>x</b>');
  });
});
