import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

const render = (s: string) => String(renderMarkdown(s));

describe('renderMarkdown', () => {
  it('renders emphasis, lists, line breaks and links', () => {
    const out = render('**bold** and _it_\nnext line\n\n- one\n- two\n\nhttps://example.org/x');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<em>it</em>');
    expect(out).toContain('<br />');
    expect(out).toContain('<li>one</li>');
    expect(out).toContain('<a href="https://example.org/x" target="_blank" rel="noopener noreferrer nofollow">');
  });

  it('never lets markup, handlers or script URLs through', () => {
    const out = render('<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3)) <a href="https://e.org" onclick="alert(4)">a</a>');
    // Escaped text may mention them; no element or attribute may carry them.
    expect(out).not.toMatch(/<script|<img|<a [^>]*onclick|href="javascript/i);
    expect(out).toContain('&lt;script&gt;');
  });

  it('is empty for no text', () => {
    expect(render('')).toBe('');
  });
});
